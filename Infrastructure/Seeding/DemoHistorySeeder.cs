using System.Diagnostics;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Seeding;

/// <summary>What a seeding run did.</summary>
internal sealed record SeedOutcome(int Commands, int Failed, TimeSpan Elapsed);

/// <summary>
/// Fills an empty event store with the <see cref="DemoHistory"/> through the real command path, back-dated so that
/// it ends now. Runs in the background: the console is up at once and shows the history streaming in.
/// Registered only when Seed:Enabled is true; does nothing when the store already has events, and runs only on the
/// instance that holds the projector's lease (with several instances starting on one empty store, one seeds).
/// </summary>
internal sealed class DemoHistorySeeder(IServiceScopeFactory scopes, StoreContextFactory store, ILogger<DemoHistorySeeder> logger, ProjectorLease? lease = null)
    : BackgroundService
{
    /// <summary>Commands in flight at once. Each step writes disjoint streams, so they share fsyncs without conflicting.</summary>
    public const int MaxConcurrency = 64;

    private const int MaxFailuresLogged = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (lease is not null)
            {
                await lease.Ready.WaitAsync(stoppingToken);
                if (!lease.IsHolder)
                {
                    logger.LogInformation("{Holder} holds the projector lease; it seeds, this instance does not.", lease.Last?.HolderId);
                    return;
                }
            }
            await using (var db = store.CreateContext())
            {
                if (await db.Events.AnyAsync(stoppingToken))
                {
                    logger.LogInformation("The event store has events already; no demo history is seeded.");
                    return;
                }
            }

            var history = DemoHistory.Generate(WarehouseHistoryShape.Demo);
            logger.LogInformation("Seeding a demo history of {Commands:N0} commands ({Events:N0} events)…", history.Commands.Count, history.EventCount);
            var outcome = await SeedAsync(history, DateTime.UtcNow, stoppingToken);
            logger.LogInformation(
                "Seeded the demo history: {Commands:N0} commands, {Failed} failed, in {Seconds:F1} s.",
                outcome.Commands, outcome.Failed, outcome.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Seeding the demo history was stopped by shutdown; the store holds part of it.");
        }
        catch (Exception ex)
        {
            // Demo data is a convenience: its failure is logged, it never takes the console down.
            logger.LogError(ex, "Seeding the demo history failed.");
        }
    }

    /// <summary>Sends every command of <paramref name="history"/>, back-dated so that the last one happens at <paramref name="endsAt"/>.</summary>
    public async Task<SeedOutcome> SeedAsync(DemoHistory history, DateTime endsAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(history);
        var started = Stopwatch.GetTimestamp();
        var startsAt = endsAt.ToUniversalTime() - (history.Commands.Count > 0 ? history.Commands[^1].At : TimeSpan.Zero);
        var sent = 0;
        var failed = 0;
        var logged = 0;
        var tenth = Math.Max(1, history.Commands.Count / 10);
        var nextReport = tenth;

        foreach (var step in history.Steps(MaxConcurrency))
        {
            var results = await Task.WhenAll(step.Select(c => SendAsync(c, startsAt + c.At, ct)));
            sent += step.Count;
            failed += results.Count(ok => !ok);
            if (sent >= nextReport && sent < history.Commands.Count)
            {
                logger.LogInformation("Seeding the demo history: {Sent:N0} of {Total:N0} commands.", sent, history.Commands.Count);
                nextReport += tenth;
            }
        }
        return new SeedOutcome(sent, failed, Stopwatch.GetElapsedTime(started));

        async Task<bool> SendAsync(HistoryCommand command, DateTime recordedAt, CancellationToken token)
        {
            await using var scope = scopes.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            try
            {
                await mediator.Send(new ExecuteCommand(command.Command, new CommandOptions(User: command.User, RecordedAt: recordedAt)), token);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Someone may have used the console while the history streams in; the rest still goes on.
                if (Interlocked.Increment(ref logged) <= MaxFailuresLogged)
                    logger.LogWarning(ex, "Demo command {Command} at {RecordedAt:u} failed.", command.Command, recordedAt);
                return false;
            }
        }
    }
}
