using System.Globalization;
using BlazorEs.Domain;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using BlazorEs.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>The read side on a <see cref="TestHost"/>: catalogs of runners, histories appended or generated, tables read back.</summary>
internal static class TestHostReadSide
{
    public static readonly DateTime HistoryStart = new(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>Options for tests: no waiting between attempts, and by default no second attempt.</summary>
    public static ProjectionOptions Options(int batchSize = 1000, int maxAttempts = 1) =>
        new() { BatchSize = batchSize, MaxAttempts = maxAttempts, RetryDelay = TimeSpan.FromMilliseconds(1) };

    /// <summary>
    /// The runners of <paramref name="projections"/>, as the app builds them; a fresh catalog on the same file is
    /// what a restart of the app looks like to the read side. <paramref name="factory"/> lets a test put
    /// interceptors on the projections' own connections while the writer and the reader keep clean ones.
    /// </summary>
    public static ProjectionCatalog Catalog(this TestHost store, IEnumerable<IProjection> projections, ProjectionOptions? options = null, StoreContextFactory? factory = null) =>
        ProjectionCatalog.For(projections, factory ?? store.Factory, store.Reader, options ?? Options(), NullLoggerFactory.Instance);

    /// <summary>
    /// Appends each command as a commit of its own, like the app does. They are queued together, so group commit
    /// writes them in few transactions, in the order given.
    /// </summary>
    public static async Task<long> AppendCommandsAsync(this TestHost store, IEnumerable<IReadOnlyList<StreamChange>> commands, DateTime? start = null, string user = "tester")
    {
        var at = start ?? HistoryStart;
        var results = await Task.WhenAll(commands.Select((changes, i) =>
            store.Writer.AppendAsync(Request(changes, at.AddMinutes(i), user))));
        return results.Length == 0 ? await store.Reader.HeadPositionAsync() : results.Max(r => r.LastPosition);
    }

    /// <summary>
    /// Appends the commands merged into commits of about <paramref name="eventsPerCommit"/> events (an import, or a
    /// busy hour compressed): each stream keeps its own order, one hour of recorded time per commit.
    /// </summary>
    public static async Task<long> AppendInCommitsAsync(this TestHost store, IEnumerable<IReadOnlyList<StreamChange>> commands, int eventsPerCommit, DateTime? start = null)
    {
        var at = start ?? HistoryStart;
        var streams = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        var pending = 0;
        var commits = 0;
        var head = 0L;
        foreach (var change in commands.SelectMany(c => c))
        {
            if (!streams.TryGetValue(change.StreamId, out var events)) streams[change.StreamId] = events = [];
            events.AddRange(change.Events);
            pending += change.Events.Count;
            if (pending >= eventsPerCommit) await FlushAsync();
        }
        if (pending > 0) await FlushAsync();
        return head;

        async Task FlushAsync()
        {
            var request = new AppendRequest(
                streams.Select(s => new StreamAppend(s.Key, ExpectedVersion.Any, s.Value)).ToList(),
                TestHost.Metadata(), at.AddHours(commits++));
            head = (await store.Writer.AppendAsync(request)).LastPosition;
            streams.Clear();
            pending = 0;
        }
    }

    public static AppendRequest Request(IReadOnlyList<StreamChange> changes, DateTime? at = null, string user = "tester") =>
        new(changes.Select(c => new StreamAppend(c.StreamId, ExpectedVersion.Any, c.Events)).ToList(), TestHost.Metadata(user: user), at);

    public static async Task<List<TRow>> RowsAsync<TRow>(this TestHost store, string table) where TRow : class
    {
        await using var db = store.Factory.CreateContext();
        return await db.Set<TRow>(table).AsNoTracking().ToListAsync();
    }

    public static async Task<ProjectionCheckpoint?> CheckpointAsync(this TestHost store, string projection)
    {
        await using var db = store.Factory.CreateContext();
        return await db.Set<ProjectionCheckpoint>().AsNoTracking().SingleOrDefaultAsync(c => c.Name == projection);
    }

    /// <summary>The four read tables show what the simulation's own fold of the history says.</summary>
    public static async Task AssertReadTablesShowAsync(this TestHost store, WarehouseSimulation simulation, int lowStockThreshold)
    {
        Assert.Equal(simulation.ExpectedStock(), WarehouseSimulation.Facts(await store.RowsAsync<StockLevel>("StockLevels")));
        Assert.Equal(simulation.ExpectedOrders(), WarehouseSimulation.Facts(await store.RowsAsync<OrderSummary>("OrderSummaries")));
        Assert.Equal(simulation.ExpectedAlerts(lowStockThreshold), WarehouseSimulation.Facts(await store.RowsAsync<LowStockAlert>("LowStockAlerts")));
        var view = DashboardView.From(await store.RowsAsync<DashboardFigure>("DashboardFigures"), DateTime.UtcNow);
        Assert.Equal(simulation.ExpectedDashboard(lowStockThreshold), WarehouseSimulation.Facts(view));
    }

    /// <summary>Every row of a table exactly as stored, one line per row in key order: for "the table is what it was".</summary>
    public static async Task<List<string>> TableContentsAsync(this TestHost store, string table)
    {
        await using var connection = store.RawConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // PostgreSQL's names are the model's in lower case (PostgreSqlEventStoreDbContext).
        command.CommandText = store.Provider == DatabaseProvider.PostgreSql
            ? $"SELECT * FROM {table.ToLowerInvariant()} ORDER BY 1"
            : $"SELECT * FROM \"{table}\" ORDER BY 1";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            // Each value with the storage class SQLite holds it in: 5 stored as INTEGER and as REAL are different rows.
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i =>
                $"{reader.GetFieldType(i).Name}:{Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)}")));
        return rows;
    }

    /// <summary>The rows a clean replay of the whole log builds, in memory, with the projection's own Apply.</summary>
    public static async Task<List<TRow>> ReplayAsync<TRow>(this TestHost store, Projection<TRow> projection) where TRow : class, IReadModelRow
    {
        var rows = new InMemoryRowStore<TRow>();
        foreach (var e in await store.Reader.ReadAllAsync(0, int.MaxValue)) projection.Apply(e, rows);
        return rows.All().ToList();
    }

    /// <summary>A product every generated history has.</summary>
    public const string FirstSku = "BOLT-M8";

    /// <summary>
    /// The shared <see cref="WarehouseHistory"/> (six products, two busy days) through the real command path:
    /// products, receipts, adjustments, price changes, renames, orders placed, paid, shipped and cancelled.
    /// </summary>
    public static async Task GenerateHistoryAsync(this TestHost host, int commands, int seed = 7, DateTime? start = null)
    {
        var from = start ?? new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var history = new WarehouseHistory(new WarehouseHistoryShape(Days: 2, Products: 6, OrdersPerDay: 40, Seed: seed));
        foreach (var command in history.TakeCommands(commands))
            await host.SendAsync(command.Command, new CommandOptions(RecordedAt: from + command.At, User: command.User));
    }
}
