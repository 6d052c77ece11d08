using System.Globalization;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Operations;

/// <summary>One entry of the operator audit as the Projections screen lists it.</summary>
public sealed record OperatorAction(long Position, string Projection, string Action, string User, DateTime At, string Reason, string Detail);

/// <summary>
/// The operator audit stream: every operator action on the read side, with who, when and why, written through the
/// same writer as every other event (so it is as durable and as ordered as they are).
/// </summary>
public sealed class OperatorAudit(EventStoreWriter writer, EventReader reader)
{
    public const string AllProjections = "all";

    public async Task RecordAsync(string commandName, object @event, string who, CancellationToken ct)
    {
        var id = Guid.CreateVersion7().ToString();
        await writer.AppendAsync(new AppendRequest(
            [new StreamAppend(OperatorStreams.Audit, ExpectedVersion.Any, [@event])],
            new EventMetadata(who, commandName, id, id, id)), ct);
    }

    /// <summary>The newest <paramref name="limit"/> actions, newest first; <paramref name="projection"/> keeps those on it (and on "all").</summary>
    public async Task<IReadOnlyList<OperatorAction>> RecentAsync(int limit, string? projection, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, 200);
        var version = await reader.StreamVersionAsync(OperatorStreams.Audit, ct);
        var actions = new List<OperatorAction>();
        // Newest first, a window at a time, until enough match (the stream is read from its version index, never whole).
        for (var to = version; to > 0 && actions.Count < limit; to -= 200)
        {
            var events = await reader.ReadStreamAsync(OperatorStreams.Audit, Math.Max(1, to - 199), to, ct);
            foreach (var e in events.Reverse())
            {
                if (Describe(e) is not { } action) continue;
                if (projection is not null && !string.Equals(action.Projection, projection, StringComparison.OrdinalIgnoreCase)
                    && action.Projection != AllProjections) continue;
                actions.Add(action);
                if (actions.Count == limit) break;
            }
        }
        return actions;
    }

    private static OperatorAction? Describe(StoredEvent e)
    {
        OperatorAction Of(string projection, string action, string reason, string detail) =>
            new(e.Position, projection, action, e.Metadata.UserId, e.RecordedAt, reason, detail);
        return e.Data switch
        {
            ProjectionRetried x => Of(x.Projection, "retry", x.Reason, $"retried event #{x.Position}"),
            ProjectionEventSkipped x => Of(x.Projection, "skip", x.Reason, $"skipped {x.EventType} #{x.Position}"),
            ProjectionRebuildRequested x => Of(x.Projection, "rebuild requested", x.Reason, x.Ahead == 0 ? "first in the queue" : $"{x.Ahead} ahead in the queue"),
            ProjectionRebuildStarted x => Of(x.Projection, "rebuild started", x.Reason, string.Create(CultureInfo.InvariantCulture, $"after {x.WaitedSeconds:0.##} s in the queue")),
            ProjectionRebuilt x => Of(x.Projection, "rebuild finished", x.Reason, string.Create(CultureInfo.InvariantCulture, $"{x.Events:N0} events in {x.Seconds:0.##} s, live at #{x.Position}")),
            ProjectionRebuildFailed x => Of(x.Projection, "rebuild failed", x.Reason, string.Create(CultureInfo.InvariantCulture, $"after {x.Events:N0} events in {x.Seconds:0.##} s: {x.Error}")),
            _ => null,
        };
    }
}
