using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>
/// A release of a real projection with a bug in it: it throws on a stock adjustment whose reason is
/// <see cref="Reason"/>, after the real Apply has already written its rows (so a half-applied event would show).
/// Clearing <see cref="Poisoned"/> is the fix being deployed. Same name and table as the projection it wraps.
/// </summary>
internal sealed class PoisonedProjection<TRow>(Projection<TRow> release) : Projection<TRow> where TRow : class, IReadModelRow
{
    public const string Reason = "poison";

    public bool Poisoned { get; set; } = true;

    public override string Name => release.Name;

    public override string Table => release.Table;

    public override void Apply(StoredEvent e, IRowStore<TRow> rows)
    {
        release.Apply(e, rows);
        if (Poisoned && e.Data is StockAdjusted { Reason: Reason } adjusted)
            throw new InvalidOperationException($"The adjustment of {adjusted.Sku} by {adjusted.Delta} cannot be handled.");
    }
}
