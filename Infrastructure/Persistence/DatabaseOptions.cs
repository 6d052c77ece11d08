namespace BlazorEs.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    /// <summary>The server database that runs on our machines (Npgsql); tested for real against a cluster the tests start.</summary>
    PostgreSql,
}

public enum Durability
{
    /// <summary>An acknowledged command survives a crash and a power loss (SQLite synchronous=FULL; on the server databases, their normal commit).</summary>
    Full,
    /// <summary>Faster; the last commits before a power loss may be lost (SQLite synchronous=NORMAL in WAL mode).</summary>
    RiskLastCommitsOnPowerLoss,
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public Durability Durability { get; set; } = Durability.Full;

    /// <summary>
    /// Apply pending migrations when the app starts. Off for teams whose DBAs apply the idempotent script
    /// (<c>dotnet ef migrations script --idempotent</c>); the app then only checks, and /health/ready says what is pending.
    /// </summary>
    public bool MigrateAtStartup { get; set; } = true;
}
