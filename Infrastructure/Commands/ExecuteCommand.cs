using BlazorEs.Domain;
using BlazorEs.Infrastructure.EventStore;
using Mediator;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>
/// How a command is to be recorded. Anything left null is filled in by <see cref="CommandMetadataBehavior{TMessage,TResponse}"/>:
/// a new command id, the command id as correlation id, the current user. <see cref="RecordOnce"/> is an append of
/// the caller's own (a compensation's record) committed together with the command's events; a conflict on it is never
/// retried: it raises <see cref="RecordedOnceException"/>.
/// </summary>
public sealed record CommandOptions(
    string? CommandId = null,
    string? CorrelationId = null,
    string? CausationId = null,
    string? User = null,
    long? ExpectedVersion = null,
    DateTime? RecordedAt = null,
    StreamAppend? RecordOnce = null);

/// <summary>The one mediator message that runs every warehouse command: load → decide → append → publish.</summary>
public sealed record ExecuteCommand(IWarehouseCommand Command, CommandOptions? Options = null) : ICommand<CommitResult>, IValidatable
{
    public string Name => Command.GetType().Name;

    public IReadOnlyDictionary<string, string[]> Validate() => CommandValidation.Errors(Command);
}

/// <summary>Published after a command's events are committed; the read side and the live push listen.</summary>
public sealed record EventsCommitted(CommitResult Result) : INotification;
