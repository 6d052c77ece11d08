using System.Collections.Frozen;

namespace BlazorEs.Domain;

/// <summary>
/// The commands that can be sent by name (POST /api/commands/{name}): every command record of this assembly, found
/// once, so a new command is listed by being declared.
/// </summary>
public static class CommandCatalog
{
    private static readonly FrozenDictionary<string, Type> ByName = typeof(CommandCatalog).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsSealed: true, IsPublic: true } && typeof(IWarehouseCommand).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Names => ByName.Values.Select(t => t.Name).Order(StringComparer.Ordinal);

    public static bool TryFind(string name, out Type type) => ByName.TryGetValue(name, out type!);
}
