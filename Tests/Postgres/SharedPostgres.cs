using Npgsql;

namespace BlazorEs.Tests.Postgres;

/// <summary>
/// One PostgreSQL cluster per test process, started on first use (in a temp folder, on a free loopback port, not
/// durable: see <see cref="PostgresCluster"/>) and stopped when the test assembly ends (<see cref="Lifetime"/>, an
/// xunit assembly fixture). Each test gets a database of its own: <see cref="CreateDatabaseAsync"/>, optionally copied
/// from a template (a migrated store, created once), dropped again with <see cref="DropDatabaseAsync"/>.
/// </summary>
internal static class SharedPostgres
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresCluster? _cluster;
    private static readonly HashSet<string> Templates = new(StringComparer.Ordinal);

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? Missing => PostgresCluster.FindBinaries() is null
        ? "PostgreSQL is not installed (apt-get install -y postgresql; .ci/run installs it): the PostgreSQL cases cannot run."
        : null;

    /// <summary>The cluster, started on the first call.</summary>
    public static async Task<PostgresCluster> ClusterAsync()
    {
        if (_cluster is { } running) return running;
        await Gate.WaitAsync();
        try
        {
            if (_cluster is not null) return _cluster;
            var bin = PostgresCluster.FindBinaries() ?? throw new InvalidOperationException(Missing);
            var folder = Path.Combine(Path.GetTempPath(), "blazores-postgres", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
            return _cluster = await PostgresCluster.StartAsync(bin, folder, durable: false);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// A new, empty database (or a copy of <paramref name="template"/>, which <paramref name="createTemplate"/> fills
    /// once per process, given its connection string); returns its connection string.
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(string? template = null, Func<string, Task>? createTemplate = null)
    {
        var cluster = await ClusterAsync();
        if (template is not null) await EnsureTemplateAsync(cluster, template, createTemplate);
        var name = "t_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(cluster, template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}");
        return cluster.ConnectionStringFor(name);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever still holds it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        if (_cluster is not { } cluster) return;
        // FORCE ends the sessions still open on it; the pools holding them are never asked for that database again.
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync(cluster, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task EnsureTemplateAsync(PostgresCluster cluster, string template, Func<string, Task>? createTemplate)
    {
        await Gate.WaitAsync();
        try
        {
            if (Templates.Contains(template)) return;
            await ExecuteAsync(cluster, $"CREATE DATABASE {template}");
            var connectionString = cluster.ConnectionStringFor(template);
            if (createTemplate is not null) await createTemplate(connectionString);
            // A template can only be copied while nobody is connected to it.
            NpgsqlConnection.ClearAllPools();
            Templates.Add(template);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task ExecuteAsync(PostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the cluster at the end of the test assembly: <c>[assembly: AssemblyFixture(typeof(SharedPostgres.Lifetime))]</c>.</summary>
    public sealed class Lifetime : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (_cluster is not { } cluster) return;
            _cluster = null;
            NpgsqlConnection.ClearAllPools();
            await cluster.DisposeAsync();
        }
    }
}
