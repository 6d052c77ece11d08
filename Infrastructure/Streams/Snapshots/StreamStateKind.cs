using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Infrastructure.Streams.Snapshots;

/// <summary>
/// The streams whose state is folded by the domain (chosen by prefix, <see cref="StreamIds"/>) and how that state is
/// kept in a <see cref="StreamSnapshot"/>: as JSON under a format that names the state's shape.
/// </summary>
public static class StreamStateKinds
{
    /// <summary>
    /// Raise it when an Evolve changes what it makes of the same events without the state's shape changing: snapshots
    /// under the old format are then passed over, and a load folds from the stream's start (or a newer snapshot).
    /// </summary>
    public const int FoldRevision = 1;

    /// <summary>A product's stream grows for as long as it is sold: snapshots.</summary>
    public static readonly StreamStateKind<Product> Product = new("Product", StreamIds.ProductPrefix, Domain.Products.Product.Initial, Domain.Products.Product.Evolve, snapshots: true);

    /// <summary>
    /// An order's stream ends with its shipping or cancellation, a handful of events: no snapshots, so placing an order
    /// (a new stream, never in the cache) costs no lookup.
    /// </summary>
    public static readonly StreamStateKind<Order> Order = new("Order", StreamIds.OrderPrefix, Domain.Orders.Order.Initial, Domain.Orders.Order.Evolve, snapshots: false);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}

/// <summary>One kind of stream state: its start, its fold, and the format its snapshots are stored under.</summary>
public sealed class StreamStateKind<T> where T : notnull
{
    internal StreamStateKind(string name, string prefix, T initial, Func<T, object, T> evolve, bool snapshots)
    {
        Snapshots = snapshots;
        Prefix = prefix;
        Initial = initial;
        Evolve = evolve;
        Format = $"{name}/{StreamStateKinds.FoldRevision}/{Shape.Hash(typeof(T))}";
    }

    public string Prefix { get; }

    /// <summary>Whether loads of this kind look for and store snapshots (streams that grow without end).</summary>
    public bool Snapshots { get; }

    public T Initial { get; }

    public Func<T, object, T> Evolve { get; }

    /// <summary>Name, fold revision and a hash of the state's shape (its properties' names and types, all the way down).</summary>
    public string Format { get; }

    public bool Owns(string streamId) => streamId.StartsWith(Prefix, StringComparison.Ordinal);

    public string Serialize(T state) => JsonSerializer.Serialize(state, StreamStateKinds.Json);

    public T Deserialize(string json) => JsonSerializer.Deserialize<T>(json, StreamStateKinds.Json)
        ?? throw new JsonException("A stream snapshot's state is null.");
}

/// <summary>A type's shape as its JSON sees it: public instance properties' names and types, recursively.</summary>
internal static class Shape
{
    public static string Hash(Type type)
    {
        var text = new StringBuilder();
        Describe(type, text, []);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 6));
    }

    private static void Describe(Type type, StringBuilder text, HashSet<Type> seen)
    {
        text.Append(type.IsGenericType ? type.GetGenericTypeDefinition().FullName : type.FullName);
        if (type.IsGenericType)
        {
            text.Append('<');
            foreach (var argument in type.GetGenericArguments()) Describe(argument, text, seen);
            text.Append('>');
        }
        if (type.IsEnum) text.Append('[').AppendJoin(',', Enum.GetNames(type)).Append(']');
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true
            || !seen.Add(type))
            return;
        text.Append('{');
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append(property.Name).Append(':');
            Describe(property.PropertyType, text, seen);
            text.Append(';');
        }
        text.Append('}');
    }
}
