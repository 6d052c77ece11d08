using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// A projection's commit on SQLite does not wait for its own fsync (synchronous=NORMAL for that one transaction, WAL
/// mode). Read rows and their checkpoint commit together, so a power loss can only take the last projection commits
/// back whole, never half; on start-up the projection catches up again from the checkpoint that survived. Events stay
/// at the configured durability (the writer's connection is never relaxed), and the next fsync of an event commit
/// makes the earlier projection commits durable too. Without this, every command paid one fsync per projection on
/// top of its own.
/// </summary>
internal sealed class ReadTableDurability : IAsyncDisposable
{
    private readonly EventStoreDbContext? _db;
    private readonly StoreContextFactory? _factory;

    private ReadTableDurability(EventStoreDbContext? db, StoreContextFactory? factory)
    {
        _db = db;
        _factory = factory;
    }

    public static async Task<ReadTableDurability> RelaxAsync(EventStoreDbContext db, StoreContextFactory factory, CancellationToken ct)
    {
        if (factory.Provider != DatabaseProvider.Sqlite) return new ReadTableDurability(null, null);
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", ct);
        return new ReadTableDurability(db, factory);
    }

    /// <summary>Puts the connection back at the configured pragmas before it returns to the pool.</summary>
    public ValueTask DisposeAsync()
    {
        if (_db is not null && _factory is not null)
            _factory.Pragmas.Apply(_db.Database.GetDbConnection());
        return ValueTask.CompletedTask;
    }
}
