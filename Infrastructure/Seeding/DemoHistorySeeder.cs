using System.Diagnostics;
using System.Globalization;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Crash;
using BlazorEs.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Seeding;

/// <summary>What a seeding run did: commands sent (not counting those a resumed run found stored), and how many failed.</summary>
internal sealed record SeedOutcome(int Commands, int Failed, TimeSpan Elapsed);

/// <summary>
/// Fills an empty event store with the <see cref="DemoHistory"/> through the real command path, back-dated so that
/// it ends now. Runs in the background: the console is up at once and shows the history streaming in.
/// Registered only when Seed:Enabled is true; runs only on the instance that holds the projector's lease (with several
/// instances starting on one empty store, one seeds; the others wait, and whichever takes the lease over later finds
/// the seed done, or resumes it).
/// </summary>
/// <remarks>
/// Every command of the history carries its own command id (<see cref="CommandIdPrefix"/> and its index), so a seed
/// that was interrupted — the process killed halfway — is <b>resumed</b> at the next start: the commands whose ids are
/// stored are skipped, the rest are sent with the times the first run gave them, and a command id stored already is
/// answered with its first result by the writer anyway, so nothing is written twice. A store with events but no seed
/// command is someone's real history and is left alone; a store holding every seed command is done.
/// </remarks>
internal sealed class DemoHistorySeeder(IServiceScopeFactory scopes, StoreContextFactory store, ILogger<DemoHistorySeeder> logger, ProjectorLease? lease = null)
    : BackgroundService
{
    /// <summary>Commands in flight at once. Each step writes disjoint streams, so they share fsyncs without conflicting.</summary>
    public const int MaxConcurrency = 64;

    /// <summary>The seed's command ids are this and the command's index in the history (six digits).</summary>
    public const string CommandIdPrefix = "demo-seed-";

    private const int MaxFailuresLogged = 10;

    public static string CommandId(int index) => CommandIdPrefix + index.ToString("D6", CultureInfo.InvariantCulture);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (lease is not null)
            {
                // Only the holder seeds. A process restarted after a crash finds its dead predecessor's lease still
                // valid for a while: it waits to take it over and then resumes the seed (found by the kill test).
                await lease.Ready.WaitAsync(stoppingToken);
                if (!lease.IsHolder)
                    logger.LogInformation("{Holder} holds the projector lease; it seeds, this instance waits until it holds the lease.", lease.Last?.HolderId);
                while (!lease.IsHolder)
                {
                    await Task.WhenAny(lease.Changed, Task.Delay(TimeSpan.FromSeconds(5), stoppingToken));
                    stoppingToken.ThrowIfCancellationRequested();
                }
            }
            var stored = await StoredSeedCommandsAsync(stoppingToken);
            if (stored is null)
            {
                logger.LogInformation("The event store has events already; no demo history is seeded.");
                return;
            }
            var history = DemoHistory.Generate(WarehouseHistoryShape.Demo);
            if (stored.Count == history.Commands.Count)
            {
                logger.LogInformation("The demo history is seeded already ({Commands:N0} commands).", stored.Count);
                return;
            }
            if (stored.Count == 0)
            {
                logger.LogInformation("Seeding a demo history of {Commands:N0} commands ({Events:N0} events)…", history.Commands.Count, history.EventCount);
                var outcome = await SeedAsync(history, DateTime.UtcNow, stoppingToken);
                logger.LogInformation(
                    "Seeded the demo history: {Commands:N0} commands, {Failed} failed, in {Seconds:F1} s.",
                    outcome.Commands, outcome.Failed, outcome.Elapsed.TotalSeconds);
                return;
            }
            logger.LogWarning("Resuming an interrupted demo seed: {Stored:N0} of {Commands:N0} commands are stored; sending the rest.", stored.Count, history.Commands.Count);
            var resumed = await SendAsync(history, await FirstRunStartAsync(history, stoppingToken), stored, stoppingToken);
            logger.LogInformation(
                "Resumed the demo history: {Commands:N0} more commands ({Stored:N0} were stored already), {Failed} failed, in {Seconds:F1} s.",
                resumed.Commands, stored.Count, resumed.Failed, resumed.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Seeding the demo history was stopped by shutdown; the store holds part of it, and the next start resumes it.");
        }
        catch (Exception ex)
        {
            // Demo data is a convenience: its failure is logged, it never takes the console down.
            logger.LogError(ex, "Seeding the demo history failed.");
        }
    }

    /// <summary>The seed's command ids already stored; empty for an empty store; null when the store has other events only.</summary>
    private async Task<HashSet<string>?> StoredSeedCommandsAsync(CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var stored = (await db.Commands.AsNoTracking().Where(c => c.CommandId.StartsWith(CommandIdPrefix)).Select(c => c.CommandId).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        return stored.Count == 0 && await db.Events.AnyAsync(ct) ? null : stored;
    }

    /// <summary>The start time an interrupted run chose: its earliest stored seed event's time less that command's offset.</summary>
    private async Task<DateTime> FirstRunStartAsync(DemoHistory history, CancellationToken ct)
    {
        await using var db = store.CreateContext();
        var first = await db.Events.AsNoTracking().Where(e => e.CommandId.StartsWith(CommandIdPrefix)).OrderBy(e => e.Position)
            .Select(e => new { e.CommandId, e.RecordedAt }).FirstAsync(ct);
        var index = int.Parse(first.CommandId.AsSpan(CommandIdPrefix.Length), CultureInfo.InvariantCulture);
        var at = index < history.Commands.Count ? history.Commands[index].At : TimeSpan.Zero;
        return DateTime.SpecifyKind(first.RecordedAt, DateTimeKind.Utc) - at;
    }

    /// <summary>Sends every command of <paramref name="history"/>, back-dated so that the last one happens at <paramref name="endsAt"/>.</summary>
    public Task<SeedOutcome> SeedAsync(DemoHistory history, DateTime endsAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(history);
        var startsAt = endsAt.ToUniversalTime() - (history.Commands.Count > 0 ? history.Commands[^1].At : TimeSpan.Zero);
        return SendAsync(history, startsAt, new HashSet<string>(), ct);
    }

    /// <summary>Sends the commands of <paramref name="history"/> whose ids are not in <paramref name="stored"/>, each at its offset from <paramref name="startsAt"/>.</summary>
    private async Task<SeedOutcome> SendAsync(DemoHistory history, DateTime startsAt, IReadOnlySet<string> stored, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var index = 0;
        var sent = 0;
        var failed = 0;
        var logged = 0;
        var total = history.Commands.Count - stored.Count;
        var tenth = Math.Max(1, total / 10);
        var nextReport = tenth;

        // The steps are cut from the whole history, so a resumed run keeps the first run's steps (disjoint streams each).
        foreach (var step in history.Steps(MaxConcurrency))
        {
            var due = step.Select((c, i) => (Command: c, Id: CommandId(index + i))).Where(c => !stored.Contains(c.Id)).ToList();
            index += step.Count;
            if (due.Count == 0) continue;
            var results = await Task.WhenAll(due.Select(c => SendOneAsync(c.Command, c.Id, startsAt + c.Command.At, ct)));
            sent += due.Count;
            failed += results.Count(ok => !ok);
            if (sent >= nextReport && sent < total)
            {
                logger.LogInformation("Seeding the demo history: {Sent:N0} of {Total:N0} commands.", sent, total);
                nextReport += tenth;
            }
        }
        return new SeedOutcome(sent, failed, Stopwatch.GetElapsedTime(started));

        async Task<bool> SendOneAsync(HistoryCommand command, string commandId, DateTime recordedAt, CancellationToken token)
        {
            await using var scope = scopes.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            try
            {
                await mediator.Send(new ExecuteCommand(command.Command, new CommandOptions(CommandId: commandId, User: command.User, RecordedAt: recordedAt)), token);
                if (FaultPoints.Armed) FaultPoints.Reach(FaultPoints.SeedCommand);
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
