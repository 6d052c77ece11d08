using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Accounts;

/// <summary>Records an account change in the accounts audit stream through the same writer as every other event.</summary>
public sealed class AccountAudit(EventStoreWriter writer)
{
    public async Task RecordAsync(string who, string commandName, object @event, CancellationToken ct)
    {
        var id = Guid.CreateVersion7().ToString();
        await writer.AppendAsync(new AppendRequest(
            [new StreamAppend(AccountStreams.Audit, ExpectedVersion.Any, [@event])],
            new EventMetadata(who, commandName, id, id, id)), ct);
    }
}
