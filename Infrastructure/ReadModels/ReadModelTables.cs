using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorEs.Infrastructure.ReadModels;

/// <summary>
/// The read tables in the EF model, one per row type (shared-type entities named after their tables). A rebuild
/// replaces a table's rows in one transaction; the shadow tables it once filled first were dropped by the
/// DropRebuildShadowTables migration.
/// </summary>
public static class ReadModelTables
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProjectionCheckpoint>(e =>
        {
            e.ToTable("ProjectionCheckpoints");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(100).IsUnicode(false);
        });

        modelBuilder.SharedTypeEntity<StockLevel>("StockLevels", e =>
        {
            e.ToTable("StockLevels");
            e.HasKey(x => x.Sku);
            e.Ignore(x => x.Key);
            e.Property(x => x.Sku).HasMaxLength(32).IsUnicode(false);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.LastChangedBy).HasMaxLength(100);
            Money(e.Property(x => x.Price));
        });

        modelBuilder.SharedTypeEntity<OrderSummary>("OrderSummaries", e =>
        {
            e.ToTable("OrderSummaries");
            e.HasKey(x => x.OrderId);
            e.Ignore(x => x.Key);
            e.Property(x => x.OrderId).HasMaxLength(64).IsUnicode(false);
            e.Property(x => x.Customer).HasMaxLength(200);
            e.Property(x => x.Status).HasMaxLength(20).IsUnicode(false);
            e.Property(x => x.LastChangedBy).HasMaxLength(100);
            Money(e.Property(x => x.Total));
            e.HasIndex(x => new { x.Status, x.PlacedAt });
            e.HasIndex(x => x.PlacedAt);
        });

        modelBuilder.SharedTypeEntity<DashboardFigure>("DashboardFigures", e =>
        {
            e.ToTable("DashboardFigures");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(120).IsUnicode(false);
            Money(e.Property(x => x.Value));
        });

        modelBuilder.SharedTypeEntity<LowStockAlert>("LowStockAlerts", e =>
        {
            e.ToTable("LowStockAlerts");
            e.HasKey(x => x.Sku);
            e.Ignore(x => x.Key);
            e.Property(x => x.Sku).HasMaxLength(32).IsUnicode(false);
            e.Property(x => x.Name).HasMaxLength(200);
        });
    }

    private static void Money(PropertyBuilder<decimal> property) => property.HasPrecision(28, 6);
}
