using System.Data.Common;
using System.Runtime.InteropServices;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Infrastructure.Tests.Persistence;

/// <summary>
/// The event writer and the read side's catch-up commits queue in-process for SQLite's one write lock, instead of
/// meeting it taken and sleeping in SQLite's busy handler (1, 2, 5, 10… ms, not woken when the lock is freed).
/// </summary>
public sealed class WriteTurnsTests
{
    [Fact]
    public async Task ConcurrentCommandsAndTheirCatchUpRoundsOnOneSqliteFileNeverWaitInSqlitesBusyHandler()
    {
        var busy = new BusyHandlerCounter();
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<DatabaseSettings>();
            return StoreContextFactory.Create(settings.Provider, settings.ConnectionString, settings.Durability, busy);
        }));
        var skus = Enumerable.Range(1, 16).Select(i => $"SKU-{i:D2}").ToArray();
        foreach (var sku in skus) await host.SendAsync(new RegisterProduct(sku, $"Product {sku}", 1m));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
                await host.SendAsync(new ReceiveStock(skus[(client + i) % skus.Length], 1, $"PO-{client}-{i}"));
        })));

        Assert.Equal(0, busy.Calls);
        var rows = (await host.QueryAsync(new GetStockLevels(new GridRequest(PageSize: 100)))).Items;
        Assert.Equal(16, rows.Count);
        Assert.Equal(8 * 40, rows.Sum(r => r.OnHand));
        var head = await host.CountEventsAsync();
        Assert.All(host.Projections.All, r => Assert.Equal(head, r.Checkpoint));
    }

    [Fact]
    public async Task OnSqliteASecondWriterWaitsForTheFirstsTurnToEnd()
    {
        var turns = new WriteTurns(DatabaseProvider.Sqlite);
        var first = await turns.TakeAsync(TestContext.Current.CancellationToken);

        var second = turns.TakeAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
    }

    [Fact]
    public async Task OnSqlServerWhichLocksRowsEveryWriterGoesAtOnce()
    {
        var turns = new WriteTurns(DatabaseProvider.SqlServer);
        using var first = await turns.TakeAsync(TestContext.Current.CancellationToken);

        var second = turns.TakeAsync(TestContext.Current.CancellationToken);

        Assert.True(second.IsCompleted);
    }

    /// <summary>
    /// Replaces each connection's busy timeout with a busy handler that counts its calls and then behaves like the
    /// timeout. SQLitePCLRaw does not wrap sqlite3_busy_handler, so it is called in the e_sqlite3 library it loaded.
    /// </summary>
    private sealed class BusyHandlerCounter : DbConnectionInterceptor
    {
        private readonly BusyHandler _handler; // kept alive for as long as SQLite may call it
        private int _calls;

        public BusyHandlerCounter() => _handler = (_, _) =>
        {
            Interlocked.Increment(ref _calls);
            Thread.Sleep(1);
            return 1; // try again
        };

        public int Calls => Volatile.Read(ref _calls);

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Install(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Install(connection);
            return Task.CompletedTask;
        }

        private void Install(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } db })
                Assert.Equal(0, sqlite3_busy_handler(db.DangerousGetHandle(), _handler, IntPtr.Zero));
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int BusyHandler(IntPtr argument, int count);

        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        private static extern int sqlite3_busy_handler(IntPtr db, BusyHandler handler, IntPtr argument);
    }
}
