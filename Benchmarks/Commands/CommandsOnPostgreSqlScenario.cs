using BlazorEs.Benchmarks.Suite;
using BlazorEs.Tests.Postgres;
using Npgsql;

namespace BlazorEs.Benchmarks.Commands;

/// <summary>
/// Scenario 9: scenario 2's measurement with Database:Provider=PostgreSql, on a durable cluster of the suite's own
/// (fsync on, synchronous_commit=on, as the Marten peer's), one app instance; beside scenario 2's SQLite figures.
/// </summary>
public static class CommandsOnPostgreSqlScenario
{
    public static async Task RunAsync(BenchContext context, ScenarioResult result)
    {
        if (PostgresCluster.FindBinaries() is not { } bin)
        {
            result.NotMeasured = "PostgreSQL not installed (`apt-get install -y postgresql`; the suite starts its own cluster).";
            return;
        }
        await using var cluster = await PostgresCluster.StartAsync(bin, context.Folder("commands-postgres"));
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE blazores", connection);
            await create.ExecuteNonQueryAsync();
        }
        context.Log($"PostgreSQL on port {cluster.Port}, durable commits");
        using var host = BenchHost.BuildPostgreSql(context.Folder("commands-postgres-app"), cluster.ConnectionStringFor("blazores"));
        await CommandsScenario.RunOnAsync(host, context, result, sqlite: false);
        result.Notes.Add("The same commands, clients and steps as scenario 2, on PostgreSQL over loopback: the writer's group commit takes the "
            + "append's advisory lock and inserts each stream's events with one unnest statement; the read side commits with "
            + "synchronous_commit=off (its rows and checkpoint together), the events with the normal durable commit.");
        NpgsqlConnection.ClearAllPools();
    }
}
