using System.Data.Common;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// One write transaction of the read side (rows and checkpoints of one or more projections) on a read-side
/// context's connection. Commands are created once per table and statement and re-bound for each row, so
/// SQLite prepares each statement once per transaction.
/// </summary>
internal sealed class ReadSideTransaction : IAsyncDisposable
{
    private readonly StoreContextFactory _factory;
    private readonly EventStoreDbContext _db;
    private readonly IDbContextTransaction _transaction;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    private ReadSideTransaction(StoreContextFactory factory, EventStoreDbContext db, IDbContextTransaction transaction)
    {
        _factory = factory;
        _db = db;
        _transaction = transaction;
    }

    public static async Task<ReadSideTransaction> BeginAsync(StoreContextFactory factory, CancellationToken ct)
    {
        var db = factory.CreateReadSideContext();
        try
        {
            return new ReadSideTransaction(factory, db, await db.Database.BeginTransactionAsync(ct));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public EventStoreDbContext Context => _db;

    public TableWriter Writer(string entityName) => TableWriter.For(_db, entityName, _factory.Provider);

    public Task UpsertAsync(string entityName, object row, CancellationToken ct)
    {
        var writer = Writer(entityName);
        var command = Command(writer.UpsertSql);
        writer.BindRow(command, row);
        return command.ExecuteNonQueryAsync(ct);
    }

    public Task InsertAsync(string entityName, object row, CancellationToken ct)
    {
        var writer = Writer(entityName);
        var command = Command(writer.InsertSql);
        writer.BindRow(command, row);
        return command.ExecuteNonQueryAsync(ct);
    }

    public Task DeleteAsync(string entityName, string key, CancellationToken ct)
    {
        var writer = Writer(entityName);
        var command = Command(writer.DeleteSql);
        writer.BindKey(command, key);
        return command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes the projection's whole checkpoint row (position, park and error) in this transaction.</summary>
    public Task SaveCheckpointAsync(string projection, long position, long? parkedAt, string? error, CancellationToken ct) =>
        UpsertAsync(typeof(ProjectionCheckpoint).FullName!, new ProjectionCheckpoint
        {
            Name = projection,
            Position = position,
            ParkedAt = parkedAt,
            LastError = error,
            UpdatedAt = DateTime.UtcNow,
        }, ct);

    /// <summary>A statement without parameters, through EF (so the context's interceptors see it).</summary>
    public Task<int> ExecuteAsync(string sql, CancellationToken ct) => _db.Database.ExecuteSqlRawAsync(sql, ct);

    public Task CommitAsync(CancellationToken ct) => _transaction.CommitAsync(ct);

    private DbCommand Command(string sql)
    {
        if (_commands.TryGetValue(sql, out var command)) return command;
        command = _db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction.GetDbTransaction();
        _commands[sql] = command;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        await _transaction.DisposeAsync();
        await _db.DisposeAsync();
    }
}
