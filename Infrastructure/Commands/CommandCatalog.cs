using System.Collections.Frozen;
using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>The commands that can be sent by name (POST /api/commands/{name}).</summary>
public static class CommandCatalog
{
    private static readonly FrozenDictionary<string, Type> ByName = new[]
    {
        typeof(RegisterProduct), typeof(RenameProduct), typeof(ChangePrice), typeof(DiscontinueProduct),
        typeof(ReceiveStock), typeof(AdjustStock), typeof(PlaceOrder), typeof(PayOrder), typeof(ShipOrder), typeof(CancelOrder),
    }.ToFrozenDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Names => ByName.Values.Select(t => t.Name).Order();

    public static bool TryFind(string name, out Type type) => ByName.TryGetValue(name, out type!);
}
