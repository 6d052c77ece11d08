using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class HashChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Seal",
                table: "ReadModelSnapshots",
                type: "varbinary(max)",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Hash",
                table: "Events",
                type: "varbinary(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PreviousHash",
                table: "Events",
                type: "varbinary(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IntegrityCheckpoints",
                columns: table => new
                {
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    KeyId = table.Column<string>(type: "varchar(16)", unicode: false, maxLength: 16, nullable: false),
                    Signature = table.Column<byte[]>(type: "varbinary(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntegrityCheckpoints", x => x.Position);
                });

            // Events stay immutable; each stored event's hash may be set once, by the chaining at start-up (ChainBackfill).
            migrationBuilder.Sql(SqlServerSql.ChainedEventsTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlServerSql.UnchainedEventsTriggers);

            migrationBuilder.DropTable(
                name: "IntegrityCheckpoints");

            migrationBuilder.DropColumn(
                name: "Seal",
                table: "ReadModelSnapshots");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "Events");
        }
    }
}
