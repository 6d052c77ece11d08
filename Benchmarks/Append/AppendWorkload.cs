using BlazorEs.Domain;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Benchmarks.Append;

/// <summary>
/// The rows every append benchmark writes — ours, the raw SQLite ceiling and Marten — so all three write the same
/// events with the same metadata sizes: stock received and adjusted on product streams.
/// </summary>
public static class AppendWorkload
{
    public static string Sku(int writer, int product) => $"W{writer:D2}-P{product:D5}";

    public static string StreamOf(string sku) => StreamIds.Product(sku);

    public static object Event(string sku, int i) => i % 4 == 3
        ? new StockAdjusted(sku, -(i % 7) - 1, "cycle count correction")
        : new StockReceived(sku, 10 + (i % 90), $"PO-{100000 + i}");

    public static object[] Events(string sku, int count) => Enumerable.Range(0, count).Select(i => Event(sku, i)).ToArray();

    public static EventMetadata Metadata(int writer)
    {
        var commandId = Guid.CreateVersion7().ToString();
        return new EventMetadata($"user-{writer:D2}", "ReceiveStock", commandId, commandId, commandId);
    }
}
