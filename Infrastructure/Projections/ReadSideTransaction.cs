using System.Data.Common;
using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// One write transaction of the read side (rows and checkpoints of one or more projections) on a read-side
/// context's connection. Commands are created once per table and statement and re-bound for each row, so
/// SQLite prepares each statement once per transaction — or once per connection when the caller keeps the context
/// and its commands between transactions (<see cref="BeginOnAsync"/>).
/// </summary>
internal sealed class ReadSideTransaction : IAsyncDisposable
{
    private readonly StoreContextFactory _factory;
    private readonly EventStoreDbContext _db;
    private readonly IDbContextTransaction _transaction;
    private readonly Dictionary<string, DbCommand> _commands;
    private readonly bool _ownsContext;

    private ReadSideTransaction(StoreContextFactory factory, EventStoreDbContext db, IDbContextTransaction transaction, Dictionary<string, DbCommand>? commands)
    {
        _factory = factory;
        _db = db;
        _transaction = transaction;
        _ownsContext = commands is null;
        _commands = commands ?? new(StringComparer.Ordinal);
    }

    /// <summary>
    /// A transaction on a context of its own, disposed with it. With <paramref name="fence"/> (the app always has one),
    /// its first statement checks that this instance still holds the projector's lease at its epoch; if not, it throws
    /// <see cref="NotTheProjectorException"/> and nothing is written.
    /// </summary>
    public static async Task<ReadSideTransaction> BeginAsync(StoreContextFactory factory, ProjectorLease? fence, CancellationToken ct)
    {
        var db = factory.CreateReadSideContext();
        ReadSideTransaction? transaction = null;
        try
        {
            transaction = new ReadSideTransaction(factory, db, await db.Database.BeginTransactionAsync(ct), null);
            if (fence is not null) await fence.FenceAsync(db, ct);
            return transaction;
        }
        catch
        {
            if (transaction is not null) await transaction.DisposeAsync();
            else await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A transaction on the caller's open context, creating commands into (and reusing them from)
    /// <paramref name="commands"/>; disposing it leaves both to the caller.
    /// </summary>
    public static async Task<ReadSideTransaction> BeginOnAsync(StoreContextFactory factory, EventStoreDbContext db, Dictionary<string, DbCommand> commands, ProjectorLease? fence, CancellationToken ct)
    {
        var transaction = new ReadSideTransaction(factory, db, await db.Database.BeginTransactionAsync(ct), commands);
        try
        {
            if (fence is not null) await fence.FenceAsync(db, ct);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
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

    /// <summary>
    /// Inserts every row of a table (a rebuild's): on SQLite with one statement prepared once and bound by index
    /// (<see cref="SqliteRowInsert"/>), on PostgreSQL with binary COPY (<see cref="PostgreSqlRowInsert"/>), on SQL Server
    /// with SqlBulkCopy (<see cref="SqlServerRowInsert"/>).
    /// </summary>
    public async Task InsertAllAsync(string entityName, IEnumerable<object> rows, CancellationToken ct)
    {
        var connection = _db.Database.GetDbConnection();
        if (connection is SqliteConnection sqlite)
            SqliteRowInsert.Run(sqlite, Writer(entityName), rows, ct);
        else if (connection is NpgsqlConnection postgres)
            await PostgreSqlRowInsert.RunAsync(postgres, Writer(entityName), rows, ct);
        else
            await SqlServerRowInsert.RunAsync((SqlConnection)connection, (SqlTransaction)_transaction.GetDbTransaction(), Writer(entityName), rows, ct);
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
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = _transaction.GetDbTransaction();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        if (!_ownsContext) return;
        foreach (var command in _commands.Values) await command.DisposeAsync();
        await _db.DisposeAsync();
    }
}
