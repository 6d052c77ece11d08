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

    /// <summary>
    /// With the hash chain (migration HashChain): deletes are refused; an update is refused unless it only sets the hash
    /// of rows that have none yet (chaining a store that held events before the chain existed), which it then applies.
    /// Checkpoints are refused both.
    /// </summary>
    public const string ChainedEventsTriggers = """
        EXEC(N'DROP TRIGGER [Events_AppendOnly]');
        EXEC(N'CREATE TRIGGER [Events_NoDelete] ON [Events] INSTEAD OF DELETE
        AS
        BEGIN
            SET NOCOUNT ON;
            THROW 50001, N''Events are immutable: the Events table is append-only.'', 1;
        END');
        EXEC(N'CREATE TRIGGER [Events_NoUpdate] ON [Events] INSTEAD OF UPDATE
        AS
        BEGIN
            SET NOCOUNT ON;
            IF UPDATE([Position]) OR UPDATE([EventId]) OR UPDATE([StreamId]) OR UPDATE([StreamVersion]) OR UPDATE([Type])
                OR UPDATE([SchemaVersion]) OR UPDATE([Data]) OR UPDATE([RecordedAt]) OR UPDATE([UserId]) OR UPDATE([CommandName])
                OR UPDATE([CommandId]) OR UPDATE([CorrelationId]) OR UPDATE([CausationId])
                OR EXISTS (SELECT 1 FROM deleted WHERE [Hash] IS NOT NULL)
                THROW 50001, N''Events are immutable: the Events table is append-only.'', 1;
            UPDATE e SET [PreviousHash] = i.[PreviousHash], [Hash] = i.[Hash] FROM [Events] e JOIN inserted i ON e.[Position] = i.[Position];
        END');
        EXEC(N'CREATE TRIGGER [IntegrityCheckpoints_AppendOnly] ON [IntegrityCheckpoints] INSTEAD OF UPDATE, DELETE
        AS
        BEGIN
            SET NOCOUNT ON;
            THROW 50001, N''Signed checkpoints are immutable.'', 1;
        END');
        """;

    /// <summary>Undoes <see cref="ChainedEventsTriggers"/> (the migration's Down).</summary>
    public const string UnchainedEventsTriggers = """
        EXEC(N'DROP TRIGGER [IntegrityCheckpoints_AppendOnly]');
        EXEC(N'DROP TRIGGER [Events_NoUpdate]');
        EXEC(N'DROP TRIGGER [Events_NoDelete]');
        """ + ImmutableEventsTrigger;

    /// <summary>The triggers a chained store must have (the verifier checks the schema too).</summary>
    public static readonly string[] RequiredTriggers = ["Events_NoUpdate", "Events_NoDelete", "IntegrityCheckpoints_AppendOnly"];

    /// <summary>2601 / 2627: unique index or primary key violation.</summary>
    public static bool IsUniqueViolation(int errorNumber) => errorNumber is 2601 or 2627;
}
