using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.ReadModels.RowHistory;

/// <summary>
/// One row's history made with the projection's own Apply: the events of the stream that makes the row are applied in
/// order to rows in memory (an <see cref="IProjectionMemory"/>, as an "as of" replay applies its tail), and every event
/// after which the row under <paramref name="key"/> is not what it was before is noted. Only the newest
/// <paramref name="limit"/> (+1, to know whether there are older ones) are kept, as the raw rows: memory grows with
/// the page, time with the events folded; rows become JSON only for the page.
/// </summary>
internal sealed class RowHistoryFold(IProjectionMemory memory, string key, long? before, int limit)
{
    private readonly Queue<(StoredEvent Event, object? Before, object? After)> _newest = new();

    /// <summary>Events applied so far (those at or after <c>before</c> are not).</summary>
    public int EventsRead { get; private set; }

    /// <summary>Whether any event folded changed the row.</summary>
    public bool Changed { get; private set; }

    /// <summary>Applies the next event of the stream; false once it is at or after <c>before</c> (the fold is done).</summary>
    public bool Apply(StoredEvent e)
    {
        if (before is { } end && e.Position >= end) return false;
        EventsRead++;
        var was = memory.Find(key);
        memory.Apply(e);
        var now = memory.Find(key);
        // Rows are records of plain values: equal rows mean the event left this row as it was.
        if (Equals(was, now)) return true;
        Changed = true;
        _newest.Enqueue((e, was, now));
        if (_newest.Count > limit + 1) _newest.Dequeue();
        return true;
    }

    /// <summary>The newest page, newest first, and the <c>before</c> of the next page when older changes exist.</summary>
    public (IReadOnlyList<RowHistoryEntry> Entries, long? Next) Page()
    {
        var kept = _newest.Reverse().ToList();
        var more = kept.Count > limit;
        var entries = kept.Take(limit).Select(k => Entry(k.Event, Json(k.Before), Json(k.After))).ToList();
        return (entries, more ? entries[^1].Position : null);
    }

    private static RowHistoryEntry Entry(StoredEvent e, JsonObject? before, JsonObject? after) => new(
        e.Position, e.EventId, e.StreamVersion, e.Type, e.RecordedAt,
        e.Metadata.UserId, e.Metadata.CommandName, e.Metadata.CommandId, e.Metadata.CorrelationId, e.Metadata.CausationId,
        before is null ? RowChangeKind.Created : after is null ? RowChangeKind.Removed : RowChangeKind.Changed,
        before, after, Diff(before, after));

    /// <summary>The fields whose values differ, in the row's own order (a field only one side has counts as changed).</summary>
    private static List<FieldChange> Diff(JsonObject? before, JsonObject? after)
    {
        var names = (after ?? before)!.Select(p => p.Key).Union((before ?? after)!.Select(p => p.Key), StringComparer.Ordinal);
        return names
            .Select(name => (Name: name, Before: before?[name], After: after?[name]))
            .Where(f => !JsonNode.DeepEquals(f.Before, f.After))
            .Select(f => new FieldChange(f.Name, f.Before?.DeepClone(), f.After?.DeepClone()))
            .ToList();
    }

    /// <summary>A row as the API shows read-model rows (web JSON: camelCase, ISO times).</summary>
    private static JsonObject? Json(object? row) =>
        row is null ? null : JsonSerializer.SerializeToNode(row, row.GetType(), JsonSerializerOptions.Web)!.AsObject();
}
