using System.Text.Json;
using System.Text.Json.Serialization;
using BlazorEs.Domain.Orders;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Operations;

namespace BlazorEs.Infrastructure.EventStore;

/// <summary>
/// Source-generated JSON for every event record <see cref="EventTypeMap"/> names: reading the log spends its time in
/// deserialization, and generated code avoids reflection there. Web defaults (camelCase, case-insensitive reading),
/// the same shape that has always been written.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProductRegistered))]
[JsonSerializable(typeof(ProductRenamed))]
[JsonSerializable(typeof(PriceChanged))]
[JsonSerializable(typeof(ProductDiscontinued))]
[JsonSerializable(typeof(ProductReactivated))]
[JsonSerializable(typeof(StockReceived))]
[JsonSerializable(typeof(StockAdjusted))]
[JsonSerializable(typeof(StockReserved))]
[JsonSerializable(typeof(ReservationReleased))]
[JsonSerializable(typeof(StockShipped))]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderPaid))]
[JsonSerializable(typeof(OrderShipped))]
[JsonSerializable(typeof(OrderCancelled))]
[JsonSerializable(typeof(ProjectionRetried))]
[JsonSerializable(typeof(ProjectionEventSkipped))]
[JsonSerializable(typeof(ProjectionRebuilt))]
[JsonSerializable(typeof(ProjectionRebuildRequested))]
[JsonSerializable(typeof(ProjectionRebuildStarted))]
[JsonSerializable(typeof(ProjectionRebuildFailed))]
[JsonSerializable(typeof(BlazorEs.Infrastructure.Compensation.CommandCompensated))]
[JsonSerializable(typeof(Accounts.UserCreated))]
[JsonSerializable(typeof(Accounts.UserRoleChanged))]
[JsonSerializable(typeof(Accounts.UserLocked))]
[JsonSerializable(typeof(Accounts.UserUnlocked))]
[JsonSerializable(typeof(Accounts.UserPasswordReset))]
[JsonSerializable(typeof(BlazorEs.Infrastructure.Export.EventsExported))]
[JsonSerializable(typeof(BlazorEs.Infrastructure.Export.EventsExportStarted))]
[JsonSerializable(typeof(BlazorEs.Infrastructure.Integrity.IntegrityVerificationRequested))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
