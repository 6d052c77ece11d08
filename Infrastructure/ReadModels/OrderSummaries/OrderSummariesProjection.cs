using BlazorEs.Domain;
using BlazorEs.Domain.Orders;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.ReadModels.OrderSummaries;

public sealed class OrderSummariesProjection : Projection<OrderSummary>, IKeyedByStream
{
    public const string ProjectionName = "OrderSummaries";

    public override string Name => ProjectionName;

    public override string Table => "OrderSummaries";

    public string StreamOf(string key) => StreamIds.Order(key);

    public override void Apply(StoredEvent e, IRowStore<OrderSummary> rows)
    {
        if (e.Data is OrderPlaced placed)
        {
            rows.Put(Touch(new OrderSummary
            {
                OrderId = placed.OrderId,
                Customer = placed.Customer,
                Status = nameof(OrderStatus.Placed),
                LineCount = placed.Lines.Count,
                Total = placed.Total,
                PlacedAt = e.RecordedAt,
            }, e));
            return;
        }

        var orderId = e.Data switch
        {
            OrderPaid x => x.OrderId,
            OrderShipped x => x.OrderId,
            OrderCancelled x => x.OrderId,
            _ => null,
        };
        if (orderId is null || rows.Find(orderId) is not { } row) return;

        row = e.Data switch
        {
            OrderPaid => row with { Status = nameof(OrderStatus.Paid), PaidAt = e.RecordedAt },
            OrderShipped => row with { Status = nameof(OrderStatus.Shipped), ShippedAt = e.RecordedAt },
            OrderCancelled => row with { Status = nameof(OrderStatus.Cancelled), CancelledAt = e.RecordedAt },
            _ => row,
        };
        rows.Put(Touch(row, e));
    }

    private static OrderSummary Touch(OrderSummary row, StoredEvent e) => row with
    {
        LastChangedAt = e.RecordedAt,
        LastChangedBy = e.Metadata.UserId,
        StreamVersion = e.StreamVersion,
        Position = e.Position,
    };
}
