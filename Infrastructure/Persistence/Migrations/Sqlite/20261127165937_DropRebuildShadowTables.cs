using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DropRebuildShadowTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DashboardFigures_Rebuild");

            migrationBuilder.DropTable(
                name: "LowStockAlerts_Rebuild");

            migrationBuilder.DropTable(
                name: "OrderSummaries_Rebuild");

            migrationBuilder.DropTable(
                name: "StockLevels_Rebuild");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DashboardFigures_Rebuild",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", unicode: false, maxLength: 120, nullable: false),
                    Value = table.Column<double>(type: "REAL", precision: 28, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardFigures_Rebuild", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "LowStockAlerts_Rebuild",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Available = table.Column<int>(type: "INTEGER", nullable: false),
                    ClearedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Discontinued = table.Column<bool>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    TimesRaised = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LowStockAlerts_Rebuild", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "OrderSummaries_Rebuild",
                columns: table => new
                {
                    OrderId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    CancelledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Customer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LastChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastChangedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LineCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PaidAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PlacedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    ShippedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    StreamVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    Total = table.Column<double>(type: "REAL", precision: 28, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderSummaries_Rebuild", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "StockLevels_Rebuild",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    Available = table.Column<int>(type: "INTEGER", nullable: false),
                    Discontinued = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastChangedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OnHand = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    Price = table.Column<double>(type: "REAL", precision: 28, scale: 6, nullable: false),
                    Reserved = table.Column<int>(type: "INTEGER", nullable: false),
                    ShippedTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    StreamVersion = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StockLevels_Rebuild", x => x.Sku);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OrderSummaries_Rebuild_PlacedAt",
                table: "OrderSummaries_Rebuild",
                column: "PlacedAt");

            migrationBuilder.CreateIndex(
                name: "IX_OrderSummaries_Rebuild_Status_PlacedAt",
                table: "OrderSummaries_Rebuild",
                columns: new[] { "Status", "PlacedAt" });
        }
    }
}
