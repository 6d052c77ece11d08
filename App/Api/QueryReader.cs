using System.Globalization;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.App.Api;

/// <summary>Reads query-string values, collecting one clear message per bad parameter instead of failing on the first.</summary>
internal sealed class QueryReader(IQueryCollection query)
{
    public Dictionary<string, string[]> Errors { get; } = new();

    /// <summary>The timeline's filters (stream, type, user, correlation id, from/to), as GET /api/events and the export read them.</summary>
    public EventFilter Filter(EventTypeMap types)
    {
        var from = Time("from");
        var to = Time("to");
        if (from > to) Errors["to"] = ["to must not be before from."];
        var type = String("type", 100);
        if (type is not null && !types.IsKnown(type))
            Errors["type"] = [$"Unknown event type '{type}'. Types: {string.Join(", ", types.Names)}."];
        return new EventFilter(String("stream", 200), type, String("user", 100), String("correlationId", 64), from, to);
    }

    public string? String(string name, int maxLength = 200)
    {
        string? value = query[name];
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length <= maxLength) return value;
        Errors[name] = [$"{name} must be at most {maxLength} characters."];
        return null;
    }

    public long? Long(string name, long min = 0, long max = long.MaxValue)
    {
        string? value = query[name];
        if (string.IsNullOrEmpty(value)) return null;
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
            return parsed;
        Errors[name] = [max == long.MaxValue ? $"{name} must be an integer of at least {min}." : $"{name} must be an integer from {min} to {max}."];
        return null;
    }

    public int Int(string name, int fallback, int min, int max) => (int)(Long(name, min, max) ?? fallback);

    public bool Bool(string name)
    {
        string? value = query[name];
        if (string.IsNullOrEmpty(value)) return false;
        if (bool.TryParse(value, out var parsed)) return parsed;
        Errors[name] = [$"{name} must be true or false."];
        return false;
    }

    public DateTime? Time(string name)
    {
        string? value = query[name];
        if (string.IsNullOrEmpty(value)) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed.UtcDateTime;
        Errors[name] = [$"{name} must be an ISO 8601 time, e.g. 2026-11-20T14:02:00Z."];
        return null;
    }

    public IReadOnlyList<string> List(string name) =>
        (String(name, 1000) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
