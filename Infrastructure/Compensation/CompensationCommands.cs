using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using Mediator;

namespace BlazorEs.Infrastructure.Compensation;

/// <summary>What compensating the command of a correlation id would propose and lead to. Writes nothing.</summary>
public sealed record PreviewCompensation(string CorrelationId) : IQuery<CompensationPreview>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => CompensationRules.Errors(CorrelationId);
}

/// <summary>
/// Runs the proposed compensating command with causation pointing at the original command, and records the
/// compensation (who, when, why) in the same commit: a command is compensated at most once.
/// </summary>
public sealed record CompensateCommand(string CorrelationId, string Reason) : ICommand<IReadOnlyList<CommitResult>>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => CompensationRules.Errors(CorrelationId, Reason);
}

/// <summary>The compensation recorded against a command id, or null when it has not been compensated.</summary>
public sealed record GetCompensation(string CommandId) : IQuery<CompensationRecord?>;

internal static class CompensationRules
{
    public const int MaxReason = 500;

    public static IReadOnlyDictionary<string, string[]> Errors(string? correlationId)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(correlationId) || correlationId.Length > 64)
            errors["correlationId"] = ["Give the correlation id of the command to compensate (1–64 characters)."];
        return errors;
    }

    public static IReadOnlyDictionary<string, string[]> Errors(string? correlationId, string? reason)
    {
        var errors = (Dictionary<string, string[]>)Errors(correlationId);
        if (string.IsNullOrWhiteSpace(reason)) errors["reason"] = ["Say why the command is compensated: the reason is recorded with it."];
        else if (reason.Length > MaxReason) errors["reason"] = [$"The reason must be at most {MaxReason} characters."];
        return errors;
    }
}

/// <summary>A command was compensated before: the 409 a second request gets, naming the compensation that happened.</summary>
public sealed class AlreadyCompensatedException(CompensationRecord compensation) : Exception(compensation.Describe())
{
    public CompensationRecord Compensation { get; } = compensation;
}

public sealed class CompensationHandlers(CompensationService compensation, IMediator mediator)
    : IQueryHandler<PreviewCompensation, CompensationPreview>,
      ICommandHandler<CompensateCommand, IReadOnlyList<CommitResult>>,
      IQueryHandler<GetCompensation, CompensationRecord?>
{
    public async ValueTask<CompensationPreview> Handle(PreviewCompensation query, CancellationToken cancellationToken) =>
        await compensation.PreviewAsync(query.CorrelationId, cancellationToken);

    public async ValueTask<CompensationRecord?> Handle(GetCompensation query, CancellationToken cancellationToken) =>
        await compensation.RecordOfAsync(query.CommandId, cancellationToken);

    public async ValueTask<IReadOnlyList<CommitResult>> Handle(CompensateCommand command, CancellationToken cancellationToken)
    {
        var original = await compensation.OriginalAsync(command.CorrelationId, cancellationToken);
        await ThrowIfCompensatedAsync(original.CommandId, cancellationToken);
        CompensationPreview preview;
        try
        {
            preview = await compensation.PreviewAsync(command.CorrelationId, cancellationToken);
        }
        catch (DomainException)
        {
            await ThrowIfCompensatedAsync(original.CommandId, cancellationToken); // raced with another compensation
            throw;
        }
        // Compensated by another request between the check above and the preview's own: the same 409 as the check's.
        if (preview.CompensatedBy is { } done) throw new AlreadyCompensatedException(done);
        if (!preview.Plan.CanCompensate)
            throw DomainException.Rule(preview.Plan.Refusals.Count > 0
                ? string.Join(" ", preview.Plan.Refusals)
                : $"{original.CommandName} recorded nothing that a command can compensate.");
        // Every command the domain has proposes at most one compensating command; the record must share its commit.
        if (preview.Plan.Proposals.Count > 1)
            throw DomainException.Rule($"{original.CommandName} would need {preview.Plan.Proposals.Count} compensating commands; compensate it with them one by one.");

        var proposal = preview.Plan.Proposals[0];
        var record = new StreamAppend(CompensationStreams.For(original.CommandId), ExpectedVersion.NoStream,
            [new CommandCompensated(original.CommandId, original.CommandName, original.CorrelationId, command.Reason.Trim())]);
        var options = new CommandOptions(CorrelationId: original.CorrelationId, CausationId: original.CommandId, RecordOnce: record);
        try
        {
            return [await mediator.Send(new ExecuteCommand(proposal.Command, options), cancellationToken)];
        }
        catch (Exception ex) when (ex is RecordedOnceException or DomainException)
        {
            await ThrowIfCompensatedAsync(original.CommandId, cancellationToken);
            throw;
        }
    }

    private async Task ThrowIfCompensatedAsync(string commandId, CancellationToken ct)
    {
        if (await compensation.RecordOfAsync(commandId, ct) is { } done) throw new AlreadyCompensatedException(done);
    }
}
