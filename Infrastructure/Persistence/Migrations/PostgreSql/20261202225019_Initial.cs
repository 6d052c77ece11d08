using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BlazorEs.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "clusterinstances",
                columns: table => new
                {
                    instanceid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    version = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    startedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lastseenat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clusterinstances", x => x.instanceid);
                });

            migrationBuilder.CreateTable(
                name: "clusterleases",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(50)", unicode: false, maxLength: 50, nullable: false),
                    holderid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    epoch = table.Column<long>(type: "bigint", nullable: false),
                    expiresat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    acquiredat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clusterleases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "commands",
                columns: table => new
                {
                    commandid = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    commandname = table.Column<string>(type: "character varying(100)", unicode: false, maxLength: 100, nullable: false),
                    correlationid = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    result = table.Column<string>(type: "text", nullable: false),
                    recordedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commands", x => x.commandid);
                });

            migrationBuilder.CreateTable(
                name: "dashboardfigures",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(120)", unicode: false, maxLength: 120, nullable: false),
                    value = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dashboardfigures", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "dataprotectionkeys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendlyname = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dataprotectionkeys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    position = table.Column<long>(type: "bigint", nullable: false),
                    eventid = table.Column<string>(type: "character varying(36)", unicode: false, maxLength: 36, nullable: false),
                    streamid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    streamversion = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(100)", unicode: false, maxLength: 100, nullable: false),
                    schemaversion = table.Column<int>(type: "integer", nullable: false),
                    data = table.Column<string>(type: "text", nullable: false),
                    recordedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    userid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    commandname = table.Column<string>(type: "character varying(100)", unicode: false, maxLength: 100, nullable: false),
                    commandid = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    correlationid = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    causationid = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.position);
                });

            migrationBuilder.CreateTable(
                name: "lowstockalerts",
                columns: table => new
                {
                    sku = table.Column<string>(type: "character varying(32)", unicode: false, maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    available = table.Column<int>(type: "integer", nullable: false),
                    threshold = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    discontinued = table.Column<bool>(type: "boolean", nullable: false),
                    raisedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    clearedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    timesraised = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lowstockalerts", x => x.sku);
                });

            migrationBuilder.CreateTable(
                name: "ordersummaries",
                columns: table => new
                {
                    orderid = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    customer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", unicode: false, maxLength: 20, nullable: false),
                    linecount = table.Column<int>(type: "integer", nullable: false),
                    total = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: false),
                    placedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    paidat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    shippedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    cancelledat = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    lastchangedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lastchangedby = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    streamversion = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ordersummaries", x => x.orderid);
                });

            migrationBuilder.CreateTable(
                name: "projectioncheckpoints",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(100)", unicode: false, maxLength: 100, nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false),
                    parkedat = table.Column<long>(type: "bigint", nullable: true),
                    lasterror = table.Column<string>(type: "text", nullable: true),
                    updatedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_projectioncheckpoints", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "readmodelsnapshots",
                columns: table => new
                {
                    projection = table.Column<string>(type: "character varying(100)", unicode: false, maxLength: 100, nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    baseposition = table.Column<long>(type: "bigint", nullable: true),
                    data = table.Column<byte[]>(type: "bytea", nullable: false),
                    rowcount = table.Column<int>(type: "integer", nullable: false),
                    createdat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_readmodelsnapshots", x => new { x.projection, x.position });
                });

            migrationBuilder.CreateTable(
                name: "stocklevels",
                columns: table => new
                {
                    sku = table.Column<string>(type: "character varying(32)", unicode: false, maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    price = table.Column<decimal>(type: "numeric(28,6)", precision: 28, scale: 6, nullable: false),
                    onhand = table.Column<int>(type: "integer", nullable: false),
                    reserved = table.Column<int>(type: "integer", nullable: false),
                    available = table.Column<int>(type: "integer", nullable: false),
                    shippedtotal = table.Column<int>(type: "integer", nullable: false),
                    discontinued = table.Column<bool>(type: "boolean", nullable: false),
                    lastchangedat = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lastchangedby = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    streamversion = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stocklevels", x => x.sku);
                });

            migrationBuilder.InsertData(
                table: "clusterleases",
                columns: new[] { "name", "acquiredat", "epoch", "expiresat", "holderid" },
                values: new object[] { "projector", new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 0L, new DateTime(2000, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "" });

            migrationBuilder.CreateIndex(
                name: "ix_events_correlationid_position",
                table: "events",
                columns: new[] { "correlationid", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_events_eventid",
                table: "events",
                column: "eventid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_recordedat",
                table: "events",
                column: "recordedat");

            migrationBuilder.CreateIndex(
                name: "ix_events_streamid_streamversion",
                table: "events",
                columns: new[] { "streamid", "streamversion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_type_position",
                table: "events",
                columns: new[] { "type", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_events_userid_position",
                table: "events",
                columns: new[] { "userid", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_ordersummaries_placedat",
                table: "ordersummaries",
                column: "placedat");

            migrationBuilder.CreateIndex(
                name: "ix_ordersummaries_status_placedat",
                table: "ordersummaries",
                columns: new[] { "status", "placedat" });

            migrationBuilder.CreateIndex(
                name: "ix_readmodelsnapshots_projection_kind_position",
                table: "readmodelsnapshots",
                columns: new[] { "projection", "kind", "position" });

            // Physics 1: the database itself refuses UPDATE, DELETE and TRUNCATE on events.
            migrationBuilder.Sql(PostgreSqlSql.ImmutableEventsTrigger);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgreSqlSql.DropImmutableEventsTrigger);

            migrationBuilder.DropTable(
                name: "clusterinstances");

            migrationBuilder.DropTable(
                name: "clusterleases");

            migrationBuilder.DropTable(
                name: "commands");

            migrationBuilder.DropTable(
                name: "dashboardfigures");

            migrationBuilder.DropTable(
                name: "dataprotectionkeys");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "lowstockalerts");

            migrationBuilder.DropTable(
                name: "ordersummaries");

            migrationBuilder.DropTable(
                name: "projectioncheckpoints");

            migrationBuilder.DropTable(
                name: "readmodelsnapshots");

            migrationBuilder.DropTable(
                name: "stocklevels");
        }
    }
}
