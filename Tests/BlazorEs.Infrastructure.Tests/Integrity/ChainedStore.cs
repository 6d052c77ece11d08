using System.Security.Cryptography;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Integrity;

/// <summary>A bare store on its SQLite file (or its PostgreSQL database) with a verifier and a monitor over it, and a way to tamper with it as a DBA could.</summary>
internal sealed class ChainedStore : IAsyncDisposable
{
    private readonly DatabaseProvider _provider;

    private ChainedStore(TestHost store, DatabaseProvider provider)
    {
        _provider = provider;
        Store = store;
        Verifier = new ChainVerifier(store.Factory, Key);
        Monitor = new IntegrityMonitor(Verifier, store.Factory, new StoreHead(), Key, new IntegrityOptions(), TimeProvider.System, NullLogger<IntegrityMonitor>.Instance);
    }

    public static IntegrityKey Key { get; } = new(RandomNumberGenerator.GetBytes(32));
    public TestHost Store { get; }
    public ChainVerifier Verifier { get; }
    public IntegrityMonitor Monitor { get; }

    /// <summary>A store with <paramref name="commands"/> commands of one event each (positions 1…n) and one of three events after them.</summary>
    public static async Task<ChainedStore> CreateAsync(int commands = 30, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var chained = new ChainedStore(await TestHost.CreateStoreAsync(provider), provider);
        for (var i = 0; i < commands; i++)
            await chained.Store.Writer.AppendAsync(new AppendRequest([new StreamAppend($"product-S{i % 5}", ExpectedVersion.Any, [new StockReceived($"S{i % 5}", i + 1, $"PO-{i}")])], TestHost.Metadata()));
        await chained.Store.Writer.AppendAsync(new AppendRequest(
            [new StreamAppend("product-S0", ExpectedVersion.Any, [new StockReceived("S0", 1, "a"), new StockReceived("S0", 2, "b")]),
             new StreamAppend("product-S1", ExpectedVersion.Any, [new StockReceived("S1", 3, "c")])], TestHost.Metadata()));
        return chained;
    }

    public Task<VerificationOutcome> VerifyAsync() => Verifier.VerifyAsync(0, EventHash.Genesis.ToArray(), full: true);

    /// <summary>Runs <paramref name="sql"/> around the triggers, as whoever holds the migration login can: drops them, tampers, puts them back.</summary>
    public async Task TamperAsync(string sql)
    {
        if (_provider == DatabaseProvider.PostgreSql)
        {
            // The owner (the login the app migrates with) can switch its tables' triggers off for a while.
            await Store.ExecuteRawAsync($"ALTER TABLE events DISABLE TRIGGER USER; ALTER TABLE integritycheckpoints DISABLE TRIGGER USER; {sql}; "
                + "ALTER TABLE events ENABLE TRIGGER USER; ALTER TABLE integritycheckpoints ENABLE TRIGGER USER;");
            return;
        }
        await Store.ExecuteRawAsync(DropTriggers);
        await Store.ExecuteRawAsync(sql);
        await Store.ExecuteRawAsync(RestoreTriggers);
    }

    public const string DropTriggers = """
        DROP TRIGGER IF EXISTS Events_NoUpdate; DROP TRIGGER IF EXISTS Events_NoDelete; DROP TRIGGER IF EXISTS Events_HashOnce;
        DROP TRIGGER IF EXISTS IntegrityCheckpoints_NoUpdate; DROP TRIGGER IF EXISTS IntegrityCheckpoints_NoDelete;
        """;

    private const string RestoreTriggers = """
        CREATE TRIGGER Events_NoDelete BEFORE DELETE ON Events
        BEGIN SELECT RAISE(ABORT, 'Events are immutable: the Events table is append-only.'); END;
        """ + SqliteSql.ChainedEventsTriggers;

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
