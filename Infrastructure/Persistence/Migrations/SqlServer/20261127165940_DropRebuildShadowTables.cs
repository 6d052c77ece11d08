using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.SqlServer
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
                    Key = table.Column<string>(type: "varchar(120)", unicode: false, maxLength: 120, nullable: false),
                    Value = table.Column<decimal>(type: "decimal(28,6)", precision: 28, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardFigures_Rebuild", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "LowStockAlerts_Rebuild",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "varchar(32)", unicode: false, maxLength: 32, nullable: false),
                    Active = table.Column<bool>(type: "bit", nullable: false),
                    Available = table.Column<int>(type: "int", nullable: false),
                    ClearedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Discontinued = table.Column<bool>(type: "bit", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Threshold = table.Column<int>(type: "int", nullable: false),
                    TimesRaised = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LowStockAlerts_Rebuild", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "OrderSummaries_Rebuild",
                columns: table => new
                {
                    OrderId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    CancelledAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Customer = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    LastChangedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LastChangedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    LineCount = table.Column<int>(type: "int", nullable: false),
                    PaidAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    PlacedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    ShippedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Status = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    StreamVersion = table.Column<long>(type: "bigint", nullable: false),
                    Total = table.Column<decimal>(type: "decimal(28,6)", precision: 28, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrderSummaries_Rebuild", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "StockLevels_Rebuild",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "varchar(32)", unicode: false, maxLength: 32, nullable: false),
                    Available = table.Column<int>(type: "int", nullable: false),
                    Discontinued = table.Column<bool>(type: "bit", nullable: false),
                    LastChangedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LastChangedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    OnHand = table.Column<int>(type: "int", nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    Price = table.Column<decimal>(type: "decimal(28,6)", precision: 28, scale: 6, nullable: false),
                    Reserved = table.Column<int>(type: "int", nullable: false),
                    ShippedTotal = table.Column<int>(type: "int", nullable: false),
                    StreamVersion = table.Column<long>(type: "bigint", nullable: false)
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
