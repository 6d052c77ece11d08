using BlazorEs.Infrastructure.EventStore;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Accounts;

/// <summary>
/// Records account changes in the accounts audit stream so that the change and its event never disagree: the
/// handler makes the change and <see cref="StageAsync"/> its event in one accounts transaction (both or neither), then
/// <see cref="PublishAsync"/> appends the event through the same writer as every other event under the staged
/// command id and removes the staged row. A crash between the two leaves the row; <see cref="PublishPendingAsync"/>
/// appends it at the next start, and a row appended twice is written once (the writer's command-id idempotency).
/// </summary>
public sealed class AccountAudit(EventStoreWriter writer, EventTypeMap types, TimeProvider time)
{
    /// <summary>The most rows one start-up publishes: a handful at most after a crash; more would be a bug to look at.</summary>
    public const int MaxPendingPerStart = 1000;

    /// <summary>Adds the event to the accounts transaction the caller has open (saved, not yet committed).</summary>
    public async Task<PendingAccountEvent> StageAsync(AccountsDbContext db, string who, string commandName, object @event, CancellationToken ct)
    {
        var (type, schema) = types.NameOf(@event);
        var id = Guid.CreateVersion7().ToString();
        var pending = new PendingAccountEvent
        {
            CommandId = id, Type = type, SchemaVersion = schema, Data = types.Serialize(@event),
            UserId = who, CommandName = commandName, CorrelationId = id, RecordedAt = time.GetUtcNow().UtcDateTime,
        };
        db.PendingAuditEvents.Add(pending);
        await db.SaveChangesAsync(ct);
        return pending;
    }

    /// <summary>Appends a committed change's event, then forgets the staged row; safe to call again for the same row.</summary>
    public async Task<CommitResult> PublishAsync(AccountsDbContext db, PendingAccountEvent pending, CancellationToken ct)
    {
        var @event = types.Deserialize(pending.Type, pending.SchemaVersion, pending.Data);
        var result = await writer.AppendAsync(new AppendRequest(
            [new StreamAppend(AccountStreams.Audit, ExpectedVersion.Any, [@event])],
            new EventMetadata(pending.UserId, pending.CommandName, pending.CommandId, pending.CorrelationId, pending.CommandId),
            pending.RecordedAt), ct);
        await db.PendingAuditEvents.Where(p => p.CommandId == pending.CommandId).ExecuteDeleteAsync(ct);
        return result;
    }

    /// <summary>Appends what a crash left staged, oldest first (a command id sorts by time: version 7 GUIDs).</summary>
    public async Task<int> PublishPendingAsync(AccountsDbContext db, CancellationToken ct)
    {
        var pending = await db.PendingAuditEvents.AsNoTracking().OrderBy(p => p.RecordedAt).ThenBy(p => p.CommandId)
            .Take(MaxPendingPerStart).ToListAsync(ct);
        foreach (var row in pending) await PublishAsync(db, row, ct);
        return pending.Count;
    }
}
