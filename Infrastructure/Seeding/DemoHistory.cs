using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Seeding;

/// <summary>
/// What kind of warehouse history <see cref="WarehouseHistory"/> makes. The same shape always gives the same commands.
/// </summary>
/// <param name="Days">The time span: the catalog changes (new products, price changes, renames, discontinued lines) and the
/// growth of trade are spread over it.</param>
/// <param name="Products">How many products take part: the first of <see cref="DemoCatalog.Products"/>, then made-up ones.</param>
/// <param name="OrdersPerDay">The average; days vary around it and grow a little over the history.</param>
internal sealed record WarehouseHistoryShape(int Days, int Products, int OrdersPerDay, int Seed)
{
    /// <summary>What a fresh database starts with: 60 days, every catalog product, ~4,800 orders, ~35,000 events.</summary>
    public static WarehouseHistoryShape Demo { get; } = new(60, DemoCatalog.Products.Count, 80, 20261127);

    /// <summary>Who sends the commands; the demo's people unless told.</summary>
    public HistoryCast Cast { get; init; } = HistoryCast.Demo;
}

/// <summary>The people who send the commands, by role; each role's people take turns.</summary>
internal sealed record HistoryCast(
    IReadOnlyList<string> Sales,
    IReadOnlyList<string> Finance,
    IReadOnlyList<string> Warehouse,
    IReadOnlyList<string> Managers,
    IReadOnlyList<string> System)
{
    /// <summary>alice takes orders, bob takes payments, carol ships and counts, dave runs the catalog; "system" is the rest.</summary>
    public static HistoryCast Demo { get; } = new(["alice"], ["bob"], ["carol"], ["dave"], ["system"]);

    /// <summary>Everyone, each once.</summary>
    public IReadOnlyList<string> Everyone => [.. Sales.Concat(Finance).Concat(Warehouse).Concat(Managers).Concat(System).Distinct()];
}

/// <summary>
/// One command of the history: who sends it, when (counted from the start of the history), and what the domain decided:
/// the events for each stream it writes, with the version each stream is at before them.
/// </summary>
internal sealed record HistoryCommand(IWarehouseCommand Command, string User, TimeSpan At, IReadOnlyList<StreamAppend> Appends)
{
    public IEnumerable<string> Streams => Appends.Select(a => a.StreamId);

    public int EventCount => Appends.Sum(a => a.Events.Count);
}

/// <summary>
/// A deterministic warehouse history as the commands that make it, in the order they happen, with the state the domain
/// says they end in. Made by <see cref="WarehouseHistory.Generate"/>, sent by <see cref="DemoHistorySeeder"/>.
/// </summary>
internal sealed record DemoHistory(
    IReadOnlyList<HistoryCommand> Commands,
    int EventCount,
    IReadOnlyDictionary<string, Product> FinalProducts,
    IReadOnlyDictionary<string, Order> FinalOrders)
{
    public static DemoHistory Generate(WarehouseHistoryShape shape) => WarehouseHistory.Generate(shape);

    /// <summary>
    /// Cuts the commands, in order, into steps of at most <paramref name="maxConcurrency"/> commands that write disjoint
    /// streams. The commands of one step can run concurrently without conflicts and with the same outcome as one after
    /// the other; the steps must run one after the other.
    /// </summary>
    public IEnumerable<IReadOnlyList<HistoryCommand>> Steps(int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var step = new List<HistoryCommand>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in Commands)
        {
            if (step.Count == maxConcurrency || command.Streams.Any(touched.Contains))
            {
                yield return step;
                step = [];
                touched.Clear();
            }
            step.Add(command);
            touched.UnionWith(command.Streams);
        }
        if (step.Count > 0) yield return step;
    }
}
