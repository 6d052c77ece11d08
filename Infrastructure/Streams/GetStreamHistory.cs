using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Streams.Snapshots;
using Mediator;

namespace BlazorEs.Infrastructure.Streams;

/// <summary>
/// A stream's history with the state after each version (folded with the domain's own Evolve) and the fields each
/// event changed; <see cref="UpToPosition"/> stops at a global position (the "as of" view of one stream).
/// </summary>
public sealed record GetStreamHistory(string StreamId, long? UpToPosition = null) : IQuery<StreamHistory>;

public sealed class GetStreamHistoryHandler(EventReader reader) : IQueryHandler<GetStreamHistory, StreamHistory>
{
    private static readonly JsonSerializerOptions StateJson = StreamStateKinds.Json;

    private static readonly JsonSerializerOptions Indented = new(StateJson) { WriteIndented = true };

    public async ValueTask<StreamHistory> Handle(GetStreamHistory query, CancellationToken cancellationToken)
    {
        var events = await reader.ReadStreamAsync(query.StreamId, ct: cancellationToken);
        if (query.UpToPosition is { } upTo) events = events.TakeWhile(e => e.Position <= upTo).ToList();
        return Fold(query.StreamId, events);
    }

    /// <summary>Chooses the state by the stream's prefix (see <see cref="StreamIds"/>) and folds the events into it.</summary>
    public static StreamHistory Fold(string streamId, IReadOnlyList<StoredEvent> events)
    {
        if (StreamStateKinds.Product.Owns(streamId))
            return Fold(streamId, StreamKind.Product, events, Product.Initial, Product.Evolve);
        if (StreamStateKinds.Order.Owns(streamId))
            return Fold(streamId, StreamKind.Order, events, Order.Initial, Order.Evolve);
        return new StreamHistory(streamId, StreamKind.Other, events.Select(e => Entry(e, null, [])).ToList());
    }

    /// <summary>
    /// Versions <paramref name="afterVersion"/> + 1 to <paramref name="toVersion"/> of a stream, each with the state after
    /// it and what it changed; the state they start from is loaded through <paramref name="states"/> (its snapshots).
    /// </summary>
    public static async Task<StreamHistory> FoldAsync(StreamStates states, string streamId, long afterVersion, long toVersion, CancellationToken ct)
    {
        var events = await states.Reader.ReadStreamAsync(streamId, afterVersion + 1, toVersion, ct);
        if (StreamStateKinds.Product.Owns(streamId))
            return Fold(streamId, StreamKind.Product, events, await StartAsync(StreamStateKinds.Product), Product.Evolve);
        if (StreamStateKinds.Order.Owns(streamId))
            return Fold(streamId, StreamKind.Order, events, await StartAsync(StreamStateKinds.Order), Order.Evolve);
        return new StreamHistory(streamId, StreamKind.Other, events.Select(e => Entry(e, null, [])).ToList());

        async Task<T> StartAsync<T>(StreamStateKind<T> kind) where T : notnull =>
            afterVersion == 0 ? kind.Initial : (await states.LoadAsync(kind, streamId, afterVersion, ct)).State;
    }

    private static StreamHistory Fold<T>(string streamId, StreamKind kind, IReadOnlyList<StoredEvent> events, T initial, Func<T, object, T> evolve)
        where T : notnull
    {
        var state = initial;
        var before = JsonSerializer.SerializeToNode(state, StateJson);
        var entries = new List<StreamVersionEntry>(events.Count);
        foreach (var e in events)
        {
            state = evolve(state, e.Data);
            var after = JsonSerializer.SerializeToNode(state, StateJson);
            entries.Add(Entry(e, after!.ToJsonString(Indented), StateDiff.Between(before, after)));
            before = after;
        }
        return new StreamHistory(streamId, kind, entries);
    }

    private static StreamVersionEntry Entry(StoredEvent e, string? state, IReadOnlyList<FieldChange> changes) => new(
        e.StreamVersion, e.Position, e.Type, e.RecordedAt, e.Metadata.UserId, e.Metadata.CommandName, e.Metadata.CorrelationId,
        RecordedEvent.DataOf(e), state, changes);
}
