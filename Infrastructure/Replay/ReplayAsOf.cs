using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Limits;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// Every read model as of a position or a time: the newest snapshot at or before it plus an in-memory replay of
/// the tail with the projections' own Apply. Nothing here writes a live table or sends a live message.
/// </summary>
/// <remarks>
/// Each replay takes one of <see cref="WorkGates"/>' replay slots for as long as it runs (screen, API, diff, compensation
/// preview alike): a caller that finds none free within the configured wait gets <see cref="ServerBusyException"/>.
/// </remarks>
public sealed class ReplayAsOf(ProjectionCatalog catalog, StoreContextFactory factory, EventReader reader, TimeProvider clock, ILogger<ReplayAsOf>? logger = null, WorkGates? gates = null)
{
    private const int BatchSize = 5000;
    private readonly SnapshotChain _snapshots = new(factory, logger ?? (ILogger)NullLogger<ReplayAsOf>.Instance);

    /// <summary>Resolves exactly one of <paramref name="position"/> and <paramref name="at"/> to a point in history.</summary>
    public async Task<AsOfPoint> ResolveAsync(long? position, DateTime? at, CancellationToken ct)
    {
        if (position is null == at is null)
            throw DomainException.Invalid("position", "Give either a position or a time (at), not both and not neither.");
        if (position < 0) throw DomainException.Invalid("position", "The position must be 0 or more.");

        await using var db = factory.CreateContext();
        var head = await db.Events.MaxAsync(e => (long?)e.Position, ct) ?? 0;
        if (position is { } p)
        {
            if (p == 0 || head == 0) return Point(0, null, AsOfKind.BeforeFirstEvent, head, "Before the first event: every read model is empty.");
            if (p > head) return Point(head, await TimeOfAsync(db, head, ct), AsOfKind.Future, head, $"Position {p} is in the future; this is the current state (head {head}).");
            return Point(p, await TimeOfAsync(db, p, ct), p == head ? AsOfKind.Now : AsOfKind.Historical, head, $"As of position {p}.");
        }

        var time = DateTime.SpecifyKind(at!.Value, DateTimeKind.Utc);
        var last = await db.Events.Where(e => e.RecordedAt <= time).MaxAsync(e => (long?)e.Position, ct);
        if (last is null) return Point(0, null, AsOfKind.BeforeFirstEvent, head, $"{time:u} is before the first event: every read model is empty.");
        if (time > clock.GetUtcNow().UtcDateTime)
            return Point(head, await TimeOfAsync(db, head, ct), AsOfKind.Future, head, $"{time:u} is in the future; this is the current state (head {head}).");
        return Point(last.Value, await TimeOfAsync(db, last.Value, ct), last == head ? AsOfKind.Now : AsOfKind.Historical, head,
            $"As of {time:u}: the last event at or before it is position {last}.");
    }

    /// <summary>The head of the log: the current state.</summary>
    public async Task<AsOfPoint> NowAsync(CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        var head = await db.Events.MaxAsync(e => (long?)e.Position, ct) ?? 0;
        return head == 0
            ? Point(0, null, AsOfKind.BeforeFirstEvent, 0, "The store is empty.")
            : Point(head, await TimeOfAsync(db, head, ct), AsOfKind.Now, head, $"Now (head {head}).");
    }

    /// <summary>One read model's rows as of <paramref name="position"/>.</summary>
    public async Task<IProjectionMemory> ReadModelAsync(string projection, long position, CancellationToken ct) =>
        (await ReadModelsAsync([projection], position, ct))[projection];

    /// <summary>Some read models as of <paramref name="position"/>, sharing one pass over the tail, by name.</summary>
    public async Task<IReadOnlyDictionary<string, IProjectionMemory>> ReadModelsAsync(IReadOnlyList<string> projections, long position, CancellationToken ct)
    {
        var runners = projections.Select(name => catalog.TryGet(name, out var r) ? r : throw DomainException.NotFound($"There is no read model '{name}'.")).ToList();
        return (await ReplayAsync(runners.Select(r => r.Projection).ToList(), position, ct)).ToDictionary(m => m.Projection.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every read model whole as of <paramref name="position"/>, sharing one pass over the tail (a diff, a compensation's preview).</summary>
    public async Task<IReadOnlyDictionary<string, IProjectionMemory>> AllAsync(long position, CancellationToken ct) =>
        (await ReplayAsync(catalog.All.Select(r => r.Projection).ToList(), position, ct)).ToDictionary(m => m.Projection.Name, StringComparer.OrdinalIgnoreCase);

    public static DashboardView Dashboard(IProjectionMemory dashboard, AsOfPoint point) =>
        DashboardView.From(dashboard.Rows.Cast<DashboardFigure>(), point.At ?? DateTime.UtcNow);

    /// <summary>
    /// Restores each projection's newest readable snapshot at or before <paramref name="position"/> (in parallel) while
    /// the tail after them is read, then applies the tail batch by batch as it arrives.
    /// </summary>
    private async Task<IReadOnlyList<IProjectionMemory>> ReplayAsync(IReadOnlyList<IProjection> projections, long position, CancellationToken ct)
    {
        if (projections.Count == 0) return [];
        using var slot = gates is null ? null : await gates.EnterAsync(WorkKind.Replay, ct);
        var newest = await NewestSnapshotsAsync(projections, position, ct);
        var planned = newest.Min();
        var restoring = projections.Select(p => Task.Run(() => RestoreAsync(p, position, ct), ct)).ToList();

        // The tail is read ahead on another thread (EventReader's scan: on SQLite the rebuild's one-statement scan) while
        // the snapshots are decoded: the two halves of an "as of" use both cores.
        var tail = Channel.CreateBounded<IReadOnlyList<StoredEvent>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => reader.ScanIntoAsync(tail.Writer, planned, position, BatchSize, stop.Token), CancellationToken.None);
        try
        {
            var starts = await Task.WhenAll(restoring);

            // A snapshot that could not be read (or a broken delta chain) left its projection further back: catch it up to where the tail starts.
            var earliest = starts.Min(s => s.From);
            if (earliest < planned)
                await ApplyRangeAsync(starts, earliest, planned, ct);
            await foreach (var batch in tail.Reader.ReadAllAsync(ct))
                Apply(starts, batch);
            return starts.Select(s => s.Memory).ToList();
        }
        finally
        {
            await stop.CancelAsync(); // a failed restore must not leave the reader waiting on a full channel
            await reading;
        }
    }

    private async Task<long[]> NewestSnapshotsAsync(IReadOnlyList<IProjection> projections, long position, CancellationToken ct)
    {
        await using var db = factory.CreateContext();
        var newest = new long[projections.Count];
        for (var i = 0; i < projections.Count; i++)
            newest[i] = await NewestSnapshotAsync(db, projections[i].Name, position, ct);
        return newest;
    }

    private static Task<long> NewestSnapshotAsync(EventStoreDbContext db, string projection, long atOrBefore, CancellationToken ct) =>
        db.Set<ReadModelSnapshot>().AsNoTracking()
            .Where(s => s.Projection == projection && s.Position <= atOrBefore)
            .OrderByDescending(s => s.Position)
            .Select(s => s.Position)
            .FirstOrDefaultAsync(ct);

    /// <summary>The projection's rows at its newest readable snapshots (full + deltas) at or before <paramref name="position"/>; empty rows at 0 when there are none.</summary>
    private async Task<(IProjectionMemory Memory, long From)> RestoreAsync(IProjection projection, long position, CancellationToken ct)
    {
        var restored = await _snapshots.RestoreAsync(projection, position, ct);
        return (restored.Memory, restored.From);
    }

    private async Task ApplyRangeAsync(IReadOnlyList<(IProjectionMemory Memory, long From)> starts, long after, long to, CancellationToken ct)
    {
        await foreach (var batch in reader.ReadBatchesAsync(after, BatchSize, to, ct))
            Apply(starts, batch);
    }

    private static void Apply(IReadOnlyList<(IProjectionMemory Memory, long From)> starts, IReadOnlyList<StoredEvent> batch)
    {
        foreach (var e in batch)
            foreach (var (memory, from) in starts)
                if (e.Position > from) memory.Apply(e);
    }

    private static async Task<DateTime?> TimeOfAsync(EventStoreDbContext db, long position, CancellationToken ct) =>
        await db.Events.Where(e => e.Position == position).Select(e => (DateTime?)e.RecordedAt).SingleOrDefaultAsync(ct);

    private static AsOfPoint Point(long position, DateTime? at, AsOfKind kind, long head, string description) =>
        new(position, at, kind, head, description);
}
