using BlazorEs.Infrastructure.Persistence;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>The verifier's provider-specific SQL, in one place (SQL Server's is only parsed on the build machines).</summary>
internal static class IntegritySql
{
    public static string Triggers(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.SqlServer => "SELECT name FROM sys.triggers",
        DatabaseProvider.PostgreSql => "SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal",
        _ => "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    };

    public static string[] RequiredTriggers(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.SqlServer => SqlServerSql.RequiredTriggers,
        DatabaseProvider.PostgreSql => PostgreSqlSql.RequiredTriggers,
        _ => SqliteSql.RequiredTriggers,
    };

    /// <summary>
    /// The first Commands row that does not answer for its events: its result's last position must hold an event of
    /// the same command id, name, correlation and time, the event after it another command's, and the result must
    /// name the same command and correlation. Returns CommandId and the position it names. Bounded to the scan
    /// (<c>@through</c>, the last position the chain scan covered): a row whose events came after it was committed
    /// since (with its events, in one transaction) and is checked by the next verification. A row whose position
    /// holds no event at all is reported wherever it points: within one statement a committed row always has its events.
    /// </summary>
    public static string CommandMismatch(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.SqlServer => """
          SELECT TOP (1) c.CommandId, TRY_CAST(JSON_VALUE(c.Result, '$.lastPosition') AS bigint) FROM Commands c
          LEFT JOIN Events e ON e.Position = TRY_CAST(JSON_VALUE(c.Result, '$.lastPosition') AS bigint)
          LEFT JOIN Events n ON n.Position = e.Position + 1
          WHERE e.Position IS NULL OR (e.Position <= @through AND (e.CommandId <> c.CommandId OR e.CommandName <> c.CommandName
             OR e.CorrelationId <> c.CorrelationId OR e.RecordedAt <> c.RecordedAt OR n.CommandId = c.CommandId
             OR ISNULL(JSON_VALUE(c.Result, '$.commandId'), N'') <> c.CommandId
             OR ISNULL(JSON_VALUE(c.Result, '$.correlationId'), N'') <> c.CorrelationId))
          """,
        DatabaseProvider.PostgreSql => """
          SELECT c.CommandId, (c.Result::jsonb ->> 'lastPosition')::bigint FROM Commands c
          LEFT JOIN Events e ON e.Position = (c.Result::jsonb ->> 'lastPosition')::bigint
          LEFT JOIN Events n ON n.Position = e.Position + 1
          WHERE e.Position IS NULL OR (e.Position <= @through AND (e.CommandId <> c.CommandId OR e.CommandName <> c.CommandName
             OR e.CorrelationId <> c.CorrelationId OR e.RecordedAt <> c.RecordedAt OR n.CommandId = c.CommandId
             OR (c.Result::jsonb ->> 'commandId') IS DISTINCT FROM c.CommandId
             OR (c.Result::jsonb ->> 'correlationId') IS DISTINCT FROM c.CorrelationId))
          LIMIT 1
          """,
        _ => """
          SELECT c.CommandId, json_extract(c.Result, '$.lastPosition') FROM Commands c
          LEFT JOIN Events e ON e.Position = json_extract(c.Result, '$.lastPosition')
          LEFT JOIN Events n ON n.Position = e.Position + 1
          WHERE e.Position IS NULL OR (e.Position <= @through AND (e.CommandId <> c.CommandId OR e.CommandName <> c.CommandName
             OR e.CorrelationId <> c.CorrelationId OR e.RecordedAt <> c.RecordedAt OR n.CommandId = c.CommandId
             OR json_extract(c.Result, '$.commandId') IS NOT c.CommandId
             OR json_extract(c.Result, '$.correlationId') IS NOT c.CorrelationId))
          LIMIT 1
          """,
    };

    /// <summary>How many Commands rows answer for events up to <c>@through</c> (as many as the scan counted commands there).</summary>
    public static string CommandsThrough(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.SqlServer =>
            "SELECT COUNT_BIG(*) FROM Commands c WHERE TRY_CAST(JSON_VALUE(c.Result, '$.lastPosition') AS bigint) <= @through",
        DatabaseProvider.PostgreSql => "SELECT COUNT(*) FROM Commands c WHERE (c.Result::jsonb ->> 'lastPosition')::bigint <= @through",
        _ => "SELECT COUNT(*) FROM Commands c WHERE json_extract(c.Result, '$.lastPosition') <= @through",
    };

    /// <summary>The first event up to <c>@through</c> whose command has no Commands row (a deleted row: a retry of that command would run it again).</summary>
    public const string EventWithoutCommand =
        "SELECT MIN(e.Position) FROM Events e WHERE e.Position <= @through AND NOT EXISTS (SELECT 1 FROM Commands c WHERE c.CommandId = e.CommandId)";
}
