using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Benchmarks.Suite;

/// <summary>A fresh, migrated SQLite file with the app's durability (WAL, synchronous=FULL), its writer and reader.</summary>
public sealed class BenchStore : IAsyncDisposable
{
    private BenchStore(string path, StoreContextFactory factory)
    {
        Path = path;
        Factory = factory;
        Writer = new EventStoreWriter(factory, Types, NullLogger<EventStoreWriter>.Instance);
        Reader = new EventReader(factory, Types);
    }

    public string Path { get; }

    public StoreContextFactory Factory { get; }

    public EventTypeMap Types { get; } = new();

    public EventStoreWriter Writer { get; }

    public EventReader Reader { get; }

    public static async Task<BenchStore> CreateAsync(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, name + ".db");
        DeleteFiles(path);
        var factory = StoreContextFactory.ForSqliteFile(path, Durability.Full);
        await using (var db = factory.CreateContext())
            await db.Database.MigrateAsync();
        return new BenchStore(path, factory);
    }

    /// <summary>Opens an existing store file (a kept history), applying the migrations added since it was made.</summary>
    public static async Task<BenchStore> OpenAsync(string path)
    {
        var factory = StoreContextFactory.ForSqliteFile(path, Durability.Full);
        await using (var db = factory.CreateContext())
            await db.Database.MigrateAsync();
        return new BenchStore(path, factory);
    }

    public SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection(Factory.ConnectionString);
        connection.Open();
        Factory.Pragmas.Apply(connection);
        return connection;
    }

    public async Task<long> CountEventsAsync()
    {
        using var connection = OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Events";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    public static void DeleteFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}
