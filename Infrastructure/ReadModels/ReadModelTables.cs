using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels.Dashboard;
using BlazorEs.Infrastructure.ReadModels.LowStock;
using BlazorEs.Infrastructure.ReadModels.OrderSummaries;
using BlazorEs.Infrastructure.ReadModels.StockLevels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorEs.Infrastructure.ReadModels;

/// <summary>
/// The read tables in the EF model. Each row type is mapped twice: to its live table and to a shadow table of the
/// same shape. Rebuilds no longer fill the shadow tables (they replace the live rows in one transaction); the tables
/// stay in the schema until a migration drops them.
/// </summary>
public static class ReadModelTables
{
    public const string ShadowSuffix = "_Rebuild";

    public static string Shadow(string table) => table + ShadowSuffix;

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProjectionCheckpoint>(e =>
        {
            e.ToTable("ProjectionCheckpoints");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(100).IsUnicode(false);
        });

        foreach (var table in new[] { "StockLevels", Shadow("StockLevels") })
            modelBuilder.SharedTypeEntity<StockLevel>(table, e =>
            {
                e.ToTable(table);
                e.HasKey(x => x.Sku);
                e.Ignore(x => x.Key);
                e.Property(x => x.Sku).HasMaxLength(32).IsUnicode(false);
                e.Property(x => x.Name).HasMaxLength(200);
                e.Property(x => x.LastChangedBy).HasMaxLength(100);
                Money(e.Property(x => x.Price));
            });

        foreach (var table in new[] { "OrderSummaries", Shadow("OrderSummaries") })
            modelBuilder.SharedTypeEntity<OrderSummary>(table, e =>
            {
                e.ToTable(table);
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

        foreach (var table in new[] { "DashboardFigures", Shadow("DashboardFigures") })
            modelBuilder.SharedTypeEntity<DashboardFigure>(table, e =>
            {
                e.ToTable(table);
                e.HasKey(x => x.Key);
                e.Property(x => x.Key).HasMaxLength(120).IsUnicode(false);
                Money(e.Property(x => x.Value));
            });

        foreach (var table in new[] { "LowStockAlerts", Shadow("LowStockAlerts") })
            modelBuilder.SharedTypeEntity<LowStockAlert>(table, e =>
            {
                e.ToTable(table);
                e.HasKey(x => x.Sku);
                e.Ignore(x => x.Key);
                e.Property(x => x.Sku).HasMaxLength(32).IsUnicode(false);
                e.Property(x => x.Name).HasMaxLength(200);
            });
    }

    private static void Money(PropertyBuilder<decimal> property) => property.HasPrecision(28, 6);
}
