using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.Sqlite
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
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "Hash",
                table: "Events",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "PreviousHash",
                table: "Events",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IntegrityCheckpoints",
                columns: table => new
                {
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntegrityCheckpoints", x => x.Position);
                });

            // Events stay immutable; each stored event's hash may be set once, by the chaining at start-up (ChainBackfill).
            migrationBuilder.Sql(SqliteSql.ChainedEventsTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqliteSql.UnchainedEventsTriggers);

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
