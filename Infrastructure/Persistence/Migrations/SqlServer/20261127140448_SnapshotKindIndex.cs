using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SnapshotKindIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ReadModelSnapshots_Projection_Kind_Position",
                table: "ReadModelSnapshots",
                columns: new[] { "Projection", "Kind", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReadModelSnapshots_Projection_Kind_Position",
                table: "ReadModelSnapshots");
        }
    }
}
