using BlazorEs.Infrastructure.Commands;
using Mediator;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>Starts the consistency check of a projection in the background (one per projection at a time).</summary>
public sealed record StartVerification(string Projection) : ICommand<VerificationJob>;

/// <summary>The running or last consistency check of a projection; null before the first.</summary>
public sealed record GetVerification(string Projection) : IQuery<VerificationJob?>;

public sealed class VerificationHandlers(VerificationJobs jobs, ICurrentUser user)
    : ICommandHandler<StartVerification, VerificationJob>, IQueryHandler<GetVerification, VerificationJob?>
{
    public ValueTask<VerificationJob> Handle(StartVerification command, CancellationToken cancellationToken) =>
        ValueTask.FromResult(jobs.Start(command.Projection, user.Name ?? throw new NotSignedInException()));

    public ValueTask<VerificationJob?> Handle(GetVerification query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(jobs.Get(query.Projection));
}
