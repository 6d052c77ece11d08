namespace BlazorEs.Infrastructure.Persistence;

/// <summary>SQL Server specifics, kept in one place: there is no SQL Server on the build machines to try them on.</summary>
public static class SqlServerSql
{
    /// <summary>Serializes appends of every instance for the life of the transaction.</summary>
    public const string AppendLock =
        "EXEC sp_getapplock @Resource = N'BlazorEs.Events.Append', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 30000";

    /// <summary>
    /// Wrapped in EXEC because CREATE TRIGGER must start its own batch, and EF's idempotent scripts put every
    /// migration statement inside an IF block.
    /// </summary>
    public const string ImmutableEventsTrigger = """
        EXEC(N'CREATE TRIGGER [Events_AppendOnly] ON [Events] INSTEAD OF UPDATE, DELETE
        AS
        BEGIN
            SET NOCOUNT ON;
            THROW 50001, N''Events are immutable: the Events table is append-only.'', 1;
        END');
        """;

    /// <summary>2601 / 2627: unique index or primary key violation.</summary>
    public static bool IsUniqueViolation(int errorNumber) => errorNumber is 2601 or 2627;
}
