using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Tests.Support;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BlazorEs.Infrastructure.Tests.Projections;

/// <summary>The read side's upserts store a row exactly as EF's SaveChanges does, and read back equal.</summary>
public sealed class TableWriterTests
{
    private static readonly DateTime At = new(2026, 9, 1, 8, 15, 30, DateTimeKind.Utc);

    private static StockLevel Stock(string sku, int onHand) => new()
    {
        Sku = sku, Name = $"Product {sku} — ünïcode", Price = 1234.567891m, OnHand = onHand, Reserved = 3, Available = onHand - 3,
        ShippedTotal = 7, Discontinued = onHand % 2 == 0, LastChangedAt = At.AddTicks(1234567), LastChangedBy = "tester",
        StreamVersion = 12, Position = 99_999_999_999,
    };

    private static OrderSummary Order(string id, bool paid) => new()
    {
        OrderId = id, Customer = "Ada", Status = paid ? "Paid" : "Placed", LineCount = 2, Total = 0.1m + 0.2m, PlacedAt = At,
        PaidAt = paid ? At.AddSeconds(1.5) : null, ShippedAt = null, CancelledAt = null, LastChangedAt = At.AddMilliseconds(3),
        LastChangedBy = "ops", StreamVersion = 2, Position = 5,
    };

    private static LowStockAlert Alert(string sku, bool active) => new()
    {
        Sku = sku, Name = "Bucket", Available = 2, Threshold = 10, Active = active, Discontinued = false,
        RaisedAt = active ? At : null, ClearedAt = active ? null : At.AddDays(1), TimesRaised = 3, Position = 8,
    };

    [Fact]
    public async Task UpsertedRowsAreStoredExactlyAsEfStoresThemAndReadBackEqual()
    {
        await using var viaEf = await TestHost.CreateStoreAsync();
        await using var viaWriter = await TestHost.CreateStoreAsync();
        var store = (viaEf, viaWriter);

        await AssertStoredAlikeAsync(store, "StockLevels", [Stock("A", 10), Stock("B", 11)], [Stock("A", 12)]);
        await AssertStoredAlikeAsync(store, "OrderSummaries", [Order("o-1", paid: false), Order("o-2", paid: true)], [Order("o-1", paid: true)]);
        await AssertStoredAlikeAsync(store, "LowStockAlerts", [Alert("A", active: true), Alert("B", active: false)], [Alert("A", active: false)]);
        await AssertStoredAlikeAsync(store, "DashboardFigures",
            [new DashboardFigure { Key = "revenue:paid", Value = 98765.4321m }, new DashboardFigure { Key = "events:total", Value = 3 }],
            [new DashboardFigure { Key = "events:total", Value = 4 }]);
    }

    /// <summary>
    /// The rows go into one store's table through EF (Add, then Update) and into the same table of another store through
    /// the upserts (insert, then update on conflict); both tables must hold the same text, and read back through EF equal the rows.
    /// </summary>
    private static async Task AssertStoredAlikeAsync<TRow>((TestHost ViaEf, TestHost ViaWriter) store, string table, TRow[] first, TRow[] changed) where TRow : class, IReadModelRow
    {
        await using (var db = store.ViaEf.Factory.CreateContext())
        {
            db.Set<TRow>(table).AddRange(first);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            db.ChangeTracker.Clear();
            db.Set<TRow>(table).UpdateRange(changed);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        foreach (var rows in new[] { first, changed })
        {
            await using var transaction = await ReadSideTransaction.BeginAsync(store.ViaWriter.Factory, null, TestContext.Current.CancellationToken);
            foreach (var row in rows) await transaction.UpsertAsync(table, row, TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        var stored = await store.ViaEf.TableContentsAsync(table);
        Assert.Equal(first.Length, stored.Count);
        Assert.Equal(stored, await store.ViaWriter.TableContentsAsync(table));
        var expected = first.Select(r => changed.FirstOrDefault(c => c.Key == r.Key) ?? r).OrderBy(r => r.Key, StringComparer.Ordinal);
        Assert.Equal(expected, (await store.ViaWriter.RowsAsync<TRow>(table)).OrderBy(r => r.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task RowsInsertedAllAtOnceAreStoredExactlyAsEfStoresThem()
    {
        await using var viaEf = await TestHost.CreateStoreAsync();
        await using var viaWriter = await TestHost.CreateStoreAsync();
        var store = (viaEf, viaWriter);

        await AssertInsertedAlikeAsync(store, "StockLevels", [Stock("A", 10), Stock("B", 11), Stock("C", 0) with { Price = 0m, Name = "" }]);
        await AssertInsertedAlikeAsync(store, "OrderSummaries", [Order("o-1", paid: false), Order("o-2", paid: true), Order("o-3", paid: true) with { Total = 12m }]);
        await AssertInsertedAlikeAsync(store, "LowStockAlerts", [Alert("A", active: true), Alert("B", active: false)]);
        await AssertInsertedAlikeAsync(store, "DashboardFigures",
            [new DashboardFigure { Key = "revenue:paid", Value = 98765.4321m }, new DashboardFigure { Key = "events:total", Value = 3 }, new DashboardFigure { Key = "z", Value = -0.000001m }]);
    }

    /// <summary>The rows go into one store's table through EF and into the same table of another store through InsertAllAsync; both must hold the same values in the same storage classes.</summary>
    private static async Task AssertInsertedAlikeAsync<TRow>((TestHost ViaEf, TestHost ViaWriter) store, string table, TRow[] rows) where TRow : class, IReadModelRow
    {
        await using (var db = store.ViaEf.Factory.CreateContext())
        {
            db.Set<TRow>(table).AddRange(rows);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await using (var transaction = await ReadSideTransaction.BeginAsync(store.ViaWriter.Factory, null, TestContext.Current.CancellationToken))
        {
            await transaction.InsertAllAsync(table, rows, TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        var stored = await store.ViaEf.TableContentsAsync(table);
        Assert.Equal(rows.Length, stored.Count);
        Assert.Equal(stored, await store.ViaWriter.TableContentsAsync(table));
        Assert.Equal(rows.OrderBy(r => r.Key, StringComparer.Ordinal), (await store.ViaWriter.RowsAsync<TRow>(table)).OrderBy(r => r.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeletedKeysAreGoneAndOthersStay()
    {
        await using var store = await TestHost.CreateStoreAsync();
        await using (var transaction = await ReadSideTransaction.BeginAsync(store.Factory, null, TestContext.Current.CancellationToken))
        {
            await transaction.UpsertAsync("StockLevels", Stock("A", 1), TestContext.Current.CancellationToken);
            await transaction.UpsertAsync("StockLevels", Stock("B", 2), TestContext.Current.CancellationToken);
            await transaction.DeleteAsync("StockLevels", "A", TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(["B"], (await store.RowsAsync<StockLevel>("StockLevels")).Select(r => r.Sku));
    }

    [Fact]
    public void TheSqlServerUpsertInsertAndDeleteParseAsTSql()
    {
        var factory = StoreContextFactory.Create(DatabaseProvider.SqlServer, "Server=localhost;Database=unused;Trusted_Connection=True;TrustServerCertificate=True");
        using var db = factory.CreateContext();
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        foreach (var entity in new[] { "StockLevels", "OrderSummaries", "DashboardFigures", "LowStockAlerts", typeof(ProjectionCheckpoint).FullName! })
        {
            var writer = TableWriter.For(db, entity, DatabaseProvider.SqlServer);
            Assert.StartsWith("UPDATE [", writer.UpsertSql);
            Assert.Contains("IF @@ROWCOUNT = 0 INSERT INTO [", writer.UpsertSql);
            foreach (var sql in new[] { writer.UpsertSql, writer.InsertSql, writer.DeleteSql })
            {
                parser.Parse(new StringReader(sql), out var errors);
                Assert.True(errors.Count == 0, $"{sql}: {string.Join("; ", errors.Select(e => e.Message))}");
            }
        }
    }
}
