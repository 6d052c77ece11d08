using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>Turns an event stored at an older schema version into the shape the current record expects.</summary>
public interface IEventUpcaster
{
    string Type { get; }
    int FromSchemaVersion { get; }
    JsonObject Upcast(JsonObject data);
}

/// <summary>
/// The one place that names stored event types. Names are explicit strings, never CLR names, so records can be
/// renamed without breaking history; each name carries the schema version written today.
/// </summary>
public sealed class EventTypeMap
{
    /// <summary>
    /// Web defaults; the event records through generated code (<see cref="EventJsonContext"/>), anything else
    /// (command results, unknown types' JSON elements) through reflection as before.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(EventJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    private readonly FrozenDictionary<string, (JsonTypeInfo Info, int Schema)> _byName;
    private readonly FrozenDictionary<Type, (string Name, int Schema)> _byType;
    private readonly FrozenDictionary<(string, int), IEventUpcaster> _upcasters;

    public EventTypeMap(IEnumerable<IEventUpcaster>? upcasters = null)
    {
        var names = new (string Name, Type Clr, int Schema)[]
        {
            ("ProductRegistered", typeof(ProductRegistered), 1),
            ("ProductRenamed", typeof(ProductRenamed), 1),
            ("PriceChanged", typeof(PriceChanged), 1),
            ("ProductDiscontinued", typeof(ProductDiscontinued), 1),
            ("ProductReactivated", typeof(ProductReactivated), 1),
            ("StockReceived", typeof(StockReceived), 1),
            ("StockAdjusted", typeof(StockAdjusted), 1),
            ("StockReserved", typeof(StockReserved), 1),
            ("ReservationReleased", typeof(ReservationReleased), 1),
            ("StockShipped", typeof(StockShipped), 1),
            ("OrderPlaced", typeof(OrderPlaced), 1),
            ("OrderPaid", typeof(OrderPaid), 1),
            ("OrderShipped", typeof(OrderShipped), 1),
            ("OrderCancelled", typeof(OrderCancelled), 1),
            ("ProjectionRetried", typeof(Operations.ProjectionRetried), 1),
            ("ProjectionEventSkipped", typeof(Operations.ProjectionEventSkipped), 1),
            ("ProjectionRebuilt", typeof(Operations.ProjectionRebuilt), 1),
            ("ProjectionRebuildRequested", typeof(Operations.ProjectionRebuildRequested), 1),
            ("ProjectionRebuildStarted", typeof(Operations.ProjectionRebuildStarted), 1),
            ("ProjectionRebuildFailed", typeof(Operations.ProjectionRebuildFailed), 1),
            ("CommandCompensated", typeof(Compensation.CommandCompensated), 1),
            ("UserCreated", typeof(Accounts.UserCreated), 1),
            ("UserRoleChanged", typeof(Accounts.UserRoleChanged), 1),
            ("UserLocked", typeof(Accounts.UserLocked), 1),
            ("UserUnlocked", typeof(Accounts.UserUnlocked), 1),
            ("UserPasswordReset", typeof(Accounts.UserPasswordReset), 1),
            ("EventsExported", typeof(Export.EventsExported), 1),
            ("EventsExportStarted", typeof(Export.EventsExportStarted), 1),
            ("IntegrityVerificationRequested", typeof(Integrity.IntegrityVerificationRequested), 1),
        };
        _byName = names.ToFrozenDictionary(n => n.Name, n => (Json.GetTypeInfo(n.Clr), n.Schema));
        _byType = names.ToFrozenDictionary(n => n.Clr, n => (n.Name, n.Schema));
        _upcasters = (upcasters ?? []).ToFrozenDictionary(u => (u.Type, u.FromSchemaVersion));
    }

    public IEnumerable<string> Names => _byName.Keys.Order();

    public bool IsKnown(string name) => _byName.ContainsKey(name);

    public (string Name, int SchemaVersion) NameOf(object @event) =>
        _byType.TryGetValue(@event.GetType(), out var entry)
            ? entry
            : throw new InvalidOperationException($"{@event.GetType().Name} has no stored type name; add it to {nameof(EventTypeMap)}.");

    public string Serialize(object @event) => JsonSerializer.Serialize(@event, @event.GetType(), Json);

    /// <summary>Reads stored JSON into the current record, running upcasters from the stored schema version upwards.</summary>
    public object Deserialize(string type, int schemaVersion, string data)
    {
        if (!_byName.TryGetValue(type, out var target))
            return JsonDocument.Parse(data).RootElement.Clone();
        if (schemaVersion == target.Schema)
            return JsonSerializer.Deserialize(data, target.Info)!;
        return Upcast(type, schemaVersion, target, JsonNode.Parse(data)!.AsObject());
    }

    /// <summary>The same from the stored UTF-8 bytes, which a long read of the log hands over without making a string of them.</summary>
    public object Deserialize(string type, int schemaVersion, ReadOnlySpan<byte> utf8)
    {
        if (!_byName.TryGetValue(type, out var target))
            return JsonDocument.Parse(utf8.ToArray()).RootElement.Clone();
        if (schemaVersion == target.Schema)
            return JsonSerializer.Deserialize(utf8, target.Info)!;
        return Upcast(type, schemaVersion, target, JsonNode.Parse(utf8)!.AsObject());
    }

    /// <summary>Whether stored JSON of this type and schema version already reads as the current record (no upcaster runs).</summary>
    public bool IsCurrent(string type, int schemaVersion) =>
        !_byName.TryGetValue(type, out var target) || schemaVersion == target.Schema;

    /// <summary>
    /// Stored JSON in the shape of the current record, for readers that show it without decoding it: the stored text
    /// itself when it is at the current schema version (or of a type not mapped here), otherwise run through the
    /// upcasters JSON to JSON and written as the serializer writes the record, which reads the JSON once more.
    /// </summary>
    public string CurrentJson(string type, int schemaVersion, string data)
    {
        if (IsCurrent(type, schemaVersion)) return data;
        var target = _byName[type];
        var upcast = Upcast(type, schemaVersion, target, JsonNode.Parse(data)!.AsObject());
        return JsonSerializer.Serialize(upcast, target.Info);
    }

    private object Upcast(string type, int schemaVersion, (JsonTypeInfo Info, int Schema) target, JsonObject node)
    {
        for (var version = schemaVersion; version < target.Schema; version++)
        {
            if (!_upcasters.TryGetValue((type, version), out var upcaster))
                throw new InvalidOperationException($"No upcaster for {type} from schema version {version}.");
            node = upcaster.Upcast(node);
        }
        return node.Deserialize(target.Info)!;
    }
}
