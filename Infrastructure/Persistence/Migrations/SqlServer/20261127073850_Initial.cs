using System;
using Microsoft.EntityFrameworkCore.Migrations;
using BlazorEs.Infrastructure.Persistence;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.SqlServer
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
                    CommandId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    CommandName = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: false),
                    CorrelationId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    Result = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Commands", x => x.CommandId);
                });

            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    EventId = table.Column<string>(type: "varchar(36)", unicode: false, maxLength: 36, nullable: false),
                    StreamId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    StreamVersion = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: false),
                    SchemaVersion = table.Column<int>(type: "int", nullable: false),
                    Data = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CommandName = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: false),
                    CommandId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    CorrelationId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    CausationId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false)
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
            migrationBuilder.Sql(SqlServerSql.ImmutableEventsTrigger);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [Events_AppendOnly];");

            migrationBuilder.DropTable(
                name: "Commands");

            migrationBuilder.DropTable(
                name: "Events");
        }
    }
}
