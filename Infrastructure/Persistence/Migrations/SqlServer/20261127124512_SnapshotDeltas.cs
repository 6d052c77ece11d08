using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SnapshotDeltas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BasePosition",
                table: "ReadModelSnapshots",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "ReadModelSnapshots",
                type: "int",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BasePosition",
                table: "ReadModelSnapshots");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "ReadModelSnapshots");
        }
    }
}
