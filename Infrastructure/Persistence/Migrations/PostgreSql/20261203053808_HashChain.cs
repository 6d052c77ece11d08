using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class HashChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "readmodelsnapshots",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "hash",
                table: "events",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "previoushash",
                table: "events",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "integritycheckpoints",
                columns: table => new
                {
                    position = table.Column<long>(type: "bigint", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    keyid = table.Column<string>(type: "character varying(16)", unicode: false, maxLength: 16, nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_integritycheckpoints", x => x.position);
                });

            // Events stay immutable; each stored event's hash may be set once, by the chaining at start-up (ChainBackfill).
            migrationBuilder.Sql(PostgreSqlSql.ChainedEventsTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgreSqlSql.UnchainedEventsTriggers);

            migrationBuilder.DropTable(
                name: "integritycheckpoints");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "readmodelsnapshots");

            migrationBuilder.DropColumn(
                name: "hash",
                table: "events");

            migrationBuilder.DropColumn(
                name: "previoushash",
                table: "events");
        }
    }
}
