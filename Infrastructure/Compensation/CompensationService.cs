using BlazorEs.Domain;
using BlazorEs.Domain.Compensation;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Streams.Snapshots;
using BlazorEs.Infrastructure.Replay;

namespace BlazorEs.Infrastructure.Compensation;

/// <summary>The command being compensated, as the store recorded it.</summary>
public sealed record OriginalCommand(string CorrelationId, string CommandId, string CommandName, string UserId, DateTime RecordedAt, IReadOnlyList<StoredEvent> Events);

/// <summary>A compensation plan with the state it would lead to, computed with the as-of machinery.</summary>
public sealed record CompensationPreview(OriginalCommand Original, CompensationPlan Plan, IReadOnlyList<StoredEvent> PlannedEvents, ReplayDiff? Effect)
{
    /// <summary>The compensation already recorded for the original command: then nothing more can be compensated.</summary>
    public CompensationRecord? CompensatedBy { get; init; }
}

/// <summary>
/// Guided undo: finds the command behind a correlation id, asks the domain for compensating commands against the
/// current state, previews their effect in memory (same decisions, same projections; nothing written, nothing
/// pushed), and on confirmation runs them with causation pointing at the original command.
/// </summary>
public sealed class CompensationService(EventReader reader, StreamStates states, StreamStateCache cache, ReplayAsOf replay, ReplayRows rows, EventTypeMap types, TimeProvider clock)
{
    public async Task<CompensationPreview> PreviewAsync(string correlationId, CancellationToken ct)
    {
        var original = await OriginalAsync(correlationId, ct);
        if (await RecordOfAsync(original.CommandId, ct) is { } done)
            return new CompensationPreview(original, new CompensationPlan([], [done.Describe()]), [], null) { CompensatedBy = done };
        var session = new DecisionSession(states, cache);
        var products = new Dictionary<string, Product>();
        var orders = new Dictionary<string, Order>();
        foreach (var e in original.Events)
        {
            switch (e.Data)
            {
                case OrderPlaced or OrderPaid or OrderShipped or OrderCancelled when e.StreamId.StartsWith(StreamIds.OrderPrefix, StringComparison.Ordinal):
                    var orderId = e.StreamId[StreamIds.OrderPrefix.Length..];
                    orders[orderId] = await session.OrderAsync(orderId, ct);
                    break;
                default:
                    if (e.StreamId.StartsWith(StreamIds.ProductPrefix, StringComparison.Ordinal))
                    {
                        var sku = e.StreamId[StreamIds.ProductPrefix.Length..];
                        products[sku] = await session.ProductAsync(sku, ct);
                    }
                    break;
            }
        }
        var plan = Compensations.Propose(original.Events.Select(e => e.Data).ToList(),
            sku => products.GetValueOrDefault(sku) ?? Product.Initial,
            id => orders.GetValueOrDefault(id) ?? Order.Initial);
        if (!plan.CanCompensate) return new CompensationPreview(original, plan, [], null);

        // Decide every proposal against the current state, then replay "now + those events" in memory.
        var now = await replay.NowAsync(ct);
        var position = now.Position;
        var at = clock.GetUtcNow().UtcDateTime;
        var planned = new List<StoredEvent>();
        foreach (var proposal in plan.Proposals)
        {
            // The preview is the one place these commands are decided outside the pipeline: their field rules run here.
            CommandValidation.ThrowIfInvalid(proposal.Command);
            var changes = await CommandDecisions.DecideAsync(proposal.Command, new DecisionSession(states, cache), ct);
            var metadata = new EventMetadata("(preview)", proposal.Command.GetType().Name, "(preview)", original.CorrelationId, original.CommandId);
            foreach (var change in changes)
                foreach (var data in change.Events)
                {
                    var (type, schema) = types.NameOf(data);
                    planned.Add(new StoredEvent(++position, "(preview)", change.StreamId, 0, type, schema, at, data, metadata));
                }
        }
        // Only the orders of the streams the compensation writes can change: the others are not restored. One restore:
        // the rows before are taken, then the planned events applied (ReplayRows).
        var streams = planned.Select(e => e.StreamId).ToHashSet(StringComparer.Ordinal);
        var state = await rows.AsOfAsync(now.Position, streams, ct);
        var before = ReplayDiff.RowsOf(state);
        foreach (var e in planned)
            foreach (var memory in state.Values) memory.Apply(e);
        var after = ReplayDiff.RowsOf(state);
        var previewPoint = now with { Position = position, At = at, Kind = AsOfKind.Future, Description = "After the proposed compensation (preview: nothing has been written)." };
        return new CompensationPreview(original, plan, planned, ReplayDiff.Between(now, previewPoint, before, after));
    }

    /// <summary>The compensation recorded against <paramref name="commandId"/> (its stream's one event), or null.</summary>
    public async Task<CompensationRecord?> RecordOfAsync(string commandId, CancellationToken ct)
    {
        var events = await reader.ReadStreamAsync(CompensationStreams.For(commandId), ct: ct);
        if (events is not [{ Data: CommandCompensated c } e, ..]) return null;
        return new CompensationRecord(c.OriginalCommandId, c.OriginalCommandName, e.Metadata.UserId, e.RecordedAt,
            e.Metadata.CommandId, e.Metadata.CorrelationId, e.Position, c.Reason);
    }

    public async Task<OriginalCommand> OriginalAsync(string correlationId, CancellationToken ct)
    {
        var events = await reader.ReadCorrelationAsync(correlationId, ct);
        if (events.Count == 0) throw DomainException.NotFound($"No command has correlation id '{correlationId}'.");
        // The first command of the conversation is the one to undo; later ones may be earlier compensations.
        var first = events[0].Metadata;
        var own = events.Where(e => e.Metadata.CommandId == first.CommandId).ToList();
        return new OriginalCommand(correlationId, first.CommandId, first.CommandName, first.UserId, own[0].RecordedAt, own);
    }
}
