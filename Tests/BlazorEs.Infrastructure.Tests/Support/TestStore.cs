using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>A real, migrated SQLite file in a temp folder, with the store's writer and reader on it.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly string _folder;

    private TestStore(string folder, StoreContextFactory factory)
    {
        _folder = folder;
        Factory = factory;
        Types = new EventTypeMap();
        Writer = new EventStoreWriter(factory, Types, NullLogger<EventStoreWriter>.Instance);
        Reader = new EventReader(factory, Types);
    }

    public string Path => System.IO.Path.Combine(_folder, "store.db");
    public StoreContextFactory Factory { get; }
    public EventTypeMap Types { get; }
    public EventStoreWriter Writer { get; }
    public EventReader Reader { get; }

    public static async Task<TestStore> CreateAsync()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "blazores-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var factory = StoreContextFactory.ForSqliteFile(System.IO.Path.Combine(folder, "store.db"));
        await using (var db = factory.CreateContext())
            await db.Database.MigrateAsync();
        return new TestStore(folder, factory);
    }

    public async Task<long> CountEventsAsync()
    {
        await using var db = Factory.CreateContext();
        return await db.Events.LongCountAsync();
    }

    /// <summary>Runs raw SQL on its own connection, as a tamperer or an operator with a SQL prompt would.</summary>
    public async Task<int> ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection(Factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public static EventMetadata Metadata(string? commandId = null, string user = "tester") =>
        new(user, "Test", commandId ?? Guid.NewGuid().ToString(), "corr-" + Guid.NewGuid().ToString("N")[..8], commandId ?? "cause");

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
