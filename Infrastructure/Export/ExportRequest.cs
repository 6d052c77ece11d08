using System.Globalization;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Export;

public enum ExportFormat { Jsonl, Csv }

/// <summary>What to export: the timeline's filters, and optionally a position range (after, before).</summary>
public sealed record ExportRequest(ExportFormat Format, EventFilter Filter, long? After = null, long? Before = null)
{
    /// <summary>Only a range of positions, no other filter: the events are contiguous and their links are checked too.</summary>
    public bool Contiguous => Filter == EventFilter.None;

    /// <summary>The filters as the manifest and the audit name them (query-string style, empty ones left out).</summary>
    public IReadOnlyDictionary<string, string> Filters()
    {
        var filters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string? value) { if (!string.IsNullOrEmpty(value)) filters[name] = value; }
        Add("stream", Filter.StreamId);
        Add("type", Filter.Type);
        Add("user", Filter.UserId);
        Add("correlationId", Filter.CorrelationId);
        Add("from", Filter.From?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", Filter.To?.ToString("O", CultureInfo.InvariantCulture));
        Add("after", After?.ToString(CultureInfo.InvariantCulture));
        Add("before", Before?.ToString(CultureInfo.InvariantCulture));
        return filters;
    }

    public string FiltersText => Filters() is { Count: > 0 } f ? string.Join("&", f.Select(p => $"{p.Key}={p.Value}")) : "(all events)";
}
