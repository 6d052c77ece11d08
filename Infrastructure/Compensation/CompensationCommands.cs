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

/// <summary>Runs the proposed compensating commands, each with causation pointing at the original command.</summary>
public sealed record CompensateCommand(string CorrelationId) : ICommand<IReadOnlyList<CommitResult>>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate() => CompensationRules.Errors(CorrelationId);
}

internal static class CompensationRules
{
    public static IReadOnlyDictionary<string, string[]> Errors(string? correlationId) =>
        string.IsNullOrWhiteSpace(correlationId) || correlationId.Length > 64
            ? new Dictionary<string, string[]> { ["correlationId"] = ["Give the correlation id of the command to compensate (1–64 characters)."] }
            : new Dictionary<string, string[]>();
}

public sealed class CompensationHandlers(CompensationService compensation, IMediator mediator)
    : IQueryHandler<PreviewCompensation, CompensationPreview>, ICommandHandler<CompensateCommand, IReadOnlyList<CommitResult>>
{
    public async ValueTask<CompensationPreview> Handle(PreviewCompensation query, CancellationToken cancellationToken) =>
        await compensation.PreviewAsync(query.CorrelationId, cancellationToken);

    public async ValueTask<IReadOnlyList<CommitResult>> Handle(CompensateCommand command, CancellationToken cancellationToken)
    {
        var preview = await compensation.PreviewAsync(command.CorrelationId, cancellationToken);
        if (!preview.Plan.CanCompensate)
            throw DomainException.Rule(preview.Plan.Refusals.Count > 0
                ? string.Join(" ", preview.Plan.Refusals)
                : $"{preview.Original.CommandName} recorded nothing that a command can compensate.");

        var results = new List<CommitResult>();
        foreach (var proposal in preview.Plan.Proposals)
        {
            var options = new CommandOptions(CorrelationId: preview.Original.CorrelationId, CausationId: preview.Original.CommandId);
            results.Add(await mediator.Send(new ExecuteCommand(proposal.Command, options), cancellationToken));
        }
        return results;
    }
}
