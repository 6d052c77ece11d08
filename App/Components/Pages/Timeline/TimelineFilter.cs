using System.Globalization;
using BlazorEs.App.Live;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.App.Components.Pages.Timeline;

/// <summary>The timeline's filter in the URL (so a filtered view can be linked), and the same filter applied to live events.</summary>
public static class TimelineFilter
{
    public const string TimeFormat = "yyyy-MM-ddTHH:mm:ssZ";

    /// <summary>Reads the query-string values; blanks and unparsable times mean "any".</summary>
    public static EventFilter From(string? stream, string? type, string? user, string? correlation, string? from, string? to) =>
        new(Blank(stream), Blank(type), Blank(user), Blank(correlation), ParseTime(from), ParseTime(to));

    /// <summary>The query-string values of a filter, for NavigationManager.GetUriWithQueryParameters (null removes a key).</summary>
    public static Dictionary<string, object?> ToQuery(EventFilter filter) => new()
    {
        ["stream"] = filter.StreamId,
        ["type"] = filter.Type,
        ["user"] = filter.UserId,
        ["correlation"] = filter.CorrelationId,
        ["from"] = filter.From?.ToString(TimeFormat, CultureInfo.InvariantCulture),
        ["to"] = filter.To?.ToString(TimeFormat, CultureInfo.InvariantCulture),
    };

    /// <summary>A link to the timeline showing one conversation.</summary>
    public static string ForCorrelation(string correlationId) => $"/timeline?correlation={Uri.EscapeDataString(correlationId)}";

    public static bool IsEmpty(EventFilter f) =>
        f.StreamId is null && f.Type is null && f.UserId is null && f.CorrelationId is null && f.From is null && f.To is null;

    /// <summary>The same test the store applies, for events arriving live.</summary>
    public static bool Matches(EventFilter f, RecordedEvent e) =>
        (f.StreamId is null || e.StreamId == f.StreamId)
        && (f.Type is null || e.Type == f.Type)
        && (f.UserId is null || e.UserId == f.UserId)
        && (f.CorrelationId is null || e.CorrelationId == f.CorrelationId)
        && (f.From is not { } from || e.RecordedAt >= from)
        && (f.To is not { } to || e.RecordedAt <= to);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTime? ParseTime(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
