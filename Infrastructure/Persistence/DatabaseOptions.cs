namespace BlazorEs.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public enum Durability
{
    /// <summary>An acknowledged command survives a crash and a power loss (SQLite synchronous=FULL).</summary>
    Full,
    /// <summary>Faster; the last commits before a power loss may be lost (SQLite synchronous=NORMAL in WAL mode).</summary>
    RiskLastCommitsOnPowerLoss,
}

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public Durability Durability { get; set; } = Durability.Full;
}
