using System;
using Microsoft.EntityFrameworkCore.Migrations;
using BlazorEs.Infrastructure.Persistence;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Commands",
                columns: table => new
                {
                    CommandId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    CommandName = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    CorrelationId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Result = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Commands", x => x.CommandId);
                });

            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    EventId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 36, nullable: false),
                    StreamId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StreamVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    SchemaVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CommandName = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    CommandId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    CorrelationId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    CausationId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Position);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Events_CorrelationId_Position",
                table: "Events",
                columns: new[] { "CorrelationId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_EventId",
                table: "Events",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Events_RecordedAt",
                table: "Events",
                column: "RecordedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Events_StreamId_StreamVersion",
                table: "Events",
                columns: new[] { "StreamId", "StreamVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Events_Type_Position",
                table: "Events",
                columns: new[] { "Type", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_UserId_Position",
                table: "Events",
                columns: new[] { "UserId", "Position" });

            // Physics 1: the database itself refuses UPDATE and DELETE on events.
            migrationBuilder.Sql(SqliteSql.ImmutableEventsTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Events_NoUpdate; DROP TRIGGER IF EXISTS Events_NoDelete;");

            migrationBuilder.DropTable(
                name: "Commands");

            migrationBuilder.DropTable(
                name: "Events");
        }
    }
}
