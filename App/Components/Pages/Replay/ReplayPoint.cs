using System.Globalization;

namespace BlazorEs.App.Components.Pages.Replay;

/// <summary>Where the URL asks the replay screen to open: a position, a UTC time, the head, or an explanation of a bad value.</summary>
public sealed record ReplayPoint(long? Position, DateTime? At, string? Error)
{
    public static ReplayPoint Head { get; } = new(null, null, null);

    public bool IsHead => Position is null && At is null && Error is null;

    public static ReplayPoint Parse(string? position, string? at)
    {
        var hasPosition = !string.IsNullOrWhiteSpace(position);
        var hasAt = !string.IsNullOrWhiteSpace(at);
        if (hasPosition && hasAt)
            return new(null, null, "Give either ?position= or ?at= in the address, not both.");
        if (hasPosition)
            return long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                ? new(p, null, null)
                : new(null, null, $"\"{position}\" is not a position: use a whole number of 0 or more, e.g. ?position=1200.");
        if (hasAt)
            return DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? new(null, t.UtcDateTime, null)
                : new(null, null, $"\"{at}\" is not a time: use ISO 8601 UTC, e.g. ?at=2026-11-20T14:02:00Z.");
        return Head;
    }
}
