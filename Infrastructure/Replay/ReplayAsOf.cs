using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Replay;

/// <summary>
/// Every read model as of a position or a time: the newest snapshot at or before it plus an in-memory replay of
/// the tail with the projections' own Apply. Nothing here writes a live table or sends a live message.
/// </summary>
public sealed class ReplayAsOf(ProjectionCatalog catalog, StoreContextFactory factory, EventReader reader, TimeProvider clock)
{
    private const int BatchSize = 5000;

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
    public async Task<IProjectionMemory> ReadModelAsync(string projection, long position, CancellationToken ct)
    {
        var runner = catalog.TryGet(projection, out var r) ? r : throw DomainException.NotFound($"There is no read model '{projection}'.");
        return (await ReplayAsync([runner.Projection], position, ct))[0];
    }

    /// <summary>Every read model as of <paramref name="position"/>, sharing one pass over the tail.</summary>
    public async Task<IReadOnlyDictionary<string, IProjectionMemory>> AllAsync(long position, CancellationToken ct) =>
        (await ReplayAsync(catalog.All.Select(r => r.Projection).ToList(), position, ct)).ToDictionary(m => m.Projection.Name, StringComparer.OrdinalIgnoreCase);

    public static DashboardView Dashboard(IProjectionMemory dashboard, AsOfPoint point) =>
        DashboardView.From(dashboard.Rows.Cast<DashboardFigure>(), point.At ?? DateTime.UtcNow);

    private async Task<IReadOnlyList<IProjectionMemory>> ReplayAsync(IReadOnlyList<IProjection> projections, long position, CancellationToken ct)
    {
        var starts = new List<(IProjectionMemory Memory, long From)>();
        await using (var db = factory.CreateContext())
        {
            foreach (var projection in projections)
            {
                var snapshot = await db.Set<ReadModelSnapshot>().AsNoTracking()
                    .Where(s => s.Projection == projection.Name && s.Position <= position)
                    .OrderByDescending(s => s.Position)
                    .FirstOrDefaultAsync(ct);
                starts.Add(snapshot is null ? (projection.NewMemory(), 0) : (projection.Restore(snapshot.Data), snapshot.Position));
            }
        }

        var cursor = starts.Count == 0 ? position : starts.Min(s => s.From);
        while (cursor < position)
        {
            var batch = await reader.ReadAllAsync(cursor, BatchSize, position, ct);
            if (batch.Count == 0) break;
            foreach (var e in batch)
                foreach (var (memory, from) in starts)
                    if (e.Position > from) memory.Apply(e);
            cursor = batch[^1].Position;
        }
        return starts.Select(s => s.Memory).ToList();
    }

    private static async Task<DateTime?> TimeOfAsync(EventStoreDbContext db, long position, CancellationToken ct) =>
        await db.Events.Where(e => e.Position == position).Select(e => (DateTime?)e.RecordedAt).SingleOrDefaultAsync(ct);

    private static AsOfPoint Point(long position, DateTime? at, AsOfKind kind, long head, string description) =>
        new(position, at, kind, head, description);
}
