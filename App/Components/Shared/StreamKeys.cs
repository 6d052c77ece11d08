using BlazorEs.Domain;

namespace BlazorEs.App.Components.Shared;

/// <summary>The read-model key a stream's events land on: a product stream's sku, an order stream's order id.</summary>
public static class StreamKeys
{
    public static string? Sku(string streamId) =>
        streamId.StartsWith(StreamIds.ProductPrefix, StringComparison.Ordinal) ? streamId[StreamIds.ProductPrefix.Length..] : null;

    public static string? OrderId(string streamId) =>
        streamId.StartsWith(StreamIds.OrderPrefix, StringComparison.Ordinal) ? streamId[StreamIds.OrderPrefix.Length..] : null;
}
