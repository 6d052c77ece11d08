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

    // PostgreSQL, the catch-up round's transaction: its upserts and deletes wait here and go to the server in one round
    // trip before the commit (or before anything else this transaction runs), instead of one round trip per row.
    private readonly NpgsqlConnection? _deferTo;
    private NpgsqlBatch? _deferred;
    private NpgsqlCommand? _parameterSource;

    private ReadSideTransaction(StoreContextFactory factory, EventStoreDbContext db, IDbContextTransaction transaction, Dictionary<string, DbCommand>? commands, bool defer = false)
    {
        _factory = factory;
        _db = db;
        _transaction = transaction;
        _ownsContext = commands is null;
        _commands = commands ?? new(StringComparer.Ordinal);
        if (defer) _deferTo = db.Database.GetDbConnection() as NpgsqlConnection;
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
        var transaction = new ReadSideTransaction(factory, db, await db.Database.BeginTransactionAsync(ct), commands, defer: true);
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

    /// <summary>The transaction's context; on the round's PostgreSQL transaction, call <see cref="FlushAsync"/> before reading through it.</summary>
    public EventStoreDbContext Context => _db;

    public TableWriter Writer(string entityName) => TableWriter.For(_db, entityName, _factory.Provider);

    public Task UpsertAsync(string entityName, object row, CancellationToken ct)
    {
        var writer = Writer(entityName);
        if (_deferTo is not null)
        {
            Defer(writer.UpsertSql, c => writer.BindRow(c, row));
            return Task.CompletedTask;
        }
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
        await FlushAsync(ct);
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
        if (_deferTo is not null)
        {
            Defer(writer.DeleteSql, c => writer.BindKey(c, key));
            return Task.CompletedTask;
        }
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
    public async Task<int> ExecuteAsync(string sql, CancellationToken ct)
    {
        await FlushAsync(ct);
        return await _db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        await _transaction.CommitAsync(ct);
    }

    /// <summary>Sends the deferred upserts and deletes (PostgreSQL's round) in one round trip; a failure fails the transaction.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_deferred is not { } batch) return;
        _deferred = null;
        await using (batch) await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Queues one statement; its parameters are made by the table's type mappings on a command, then moved over.</summary>
    private void Defer(string sql, Action<DbCommand> bind)
    {
        var source = _parameterSource ??= _deferTo!.CreateCommand();
        bind(source);
        var parameters = source.Parameters.ToArray();
        source.Parameters.Clear();
        var statement = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters) statement.Parameters.Add(parameter);
        (_deferred ??= new NpgsqlBatch(_deferTo)).BatchCommands.Add(statement);
    }

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
        if (_deferred is not null) await _deferred.DisposeAsync();
        if (_parameterSource is not null) await _parameterSource.DisposeAsync();
        await _transaction.DisposeAsync();
        if (!_ownsContext) return;
        foreach (var command in _commands.Values) await command.DisposeAsync();
        await _db.DisposeAsync();
    }
}
