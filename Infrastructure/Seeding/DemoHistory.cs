using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Infrastructure.Seeding;

/// <summary>How big a demo history to generate. The same shape always gives the same commands.</summary>
/// <param name="Products">How many of <see cref="DemoCatalog.Products"/> take part, from the first.</param>
/// <param name="OrdersPerDay">The average; days vary around it and grow a little over the history.</param>
internal sealed record DemoHistoryShape(int Days, int Products, int OrdersPerDay, int Seed)
{
    /// <summary>What a fresh database starts with: 60 days, every catalog product, ~4,800 orders, ~35,000 events.</summary>
    public static DemoHistoryShape Full { get; } = new(60, DemoCatalog.Products.Count, 80, 20261127);
}

/// <summary>One command of the history: who sends it, when (counted from the start of the history) and the streams it writes.</summary>
internal sealed record SeedCommand(IWarehouseCommand Command, string User, TimeSpan At, IReadOnlyList<string> Streams);

/// <summary>
/// A deterministic warehouse history as the commands that make it, in the order they happen, with the state the domain
/// says they end in. Built by <see cref="DemoHistoryGenerator"/>, sent by <see cref="DemoHistorySeeder"/>.
/// </summary>
internal sealed record DemoHistory(
    IReadOnlyList<SeedCommand> Commands,
    int EventCount,
    IReadOnlyDictionary<string, Product> FinalProducts,
    IReadOnlyDictionary<string, Order> FinalOrders)
{
    public static DemoHistory Generate(DemoHistoryShape shape) => DemoHistoryGenerator.Run(shape);

    /// <summary>
    /// Cuts the commands, in order, into steps of at most <paramref name="maxConcurrency"/> commands that write disjoint
    /// streams. The commands of one step can run concurrently without conflicts and with the same outcome as one after
    /// the other; the steps must run one after the other.
    /// </summary>
    public IEnumerable<IReadOnlyList<SeedCommand>> Steps(int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var step = new List<SeedCommand>();
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
