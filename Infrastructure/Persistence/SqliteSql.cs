namespace BlazorEs.Infrastructure.Persistence;

/// <summary>SQLite specifics that EF's model cannot express.</summary>
public static class SqliteSql
{
    public const string ImmutableEventsTriggers = """
        CREATE TRIGGER Events_NoUpdate BEFORE UPDATE ON Events
        BEGIN SELECT RAISE(ABORT, 'Events are immutable: the Events table is append-only.'); END;
        CREATE TRIGGER Events_NoDelete BEFORE DELETE ON Events
        BEGIN SELECT RAISE(ABORT, 'Events are immutable: the Events table is append-only.'); END;
        """;

    /// <summary>
    /// With the hash chain (migration HashChain): no column of an event may change, except that each row's hash is set
    /// once while it is still null (chaining a store that held events before the chain existed).
    /// </summary>
    public const string ChainedEventsTriggers = """
        DROP TRIGGER IF EXISTS Events_NoUpdate;
        CREATE TRIGGER Events_NoUpdate BEFORE UPDATE OF Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, CommandId, CorrelationId, CausationId ON Events
        BEGIN SELECT RAISE(ABORT, 'Events are immutable: the Events table is append-only.'); END;
        CREATE TRIGGER Events_HashOnce BEFORE UPDATE OF PreviousHash, Hash ON Events WHEN OLD.Hash IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'Events are immutable: an event''s hash is set once.'); END;
        CREATE TRIGGER IntegrityCheckpoints_NoUpdate BEFORE UPDATE ON IntegrityCheckpoints
        BEGIN SELECT RAISE(ABORT, 'Signed checkpoints are immutable.'); END;
        CREATE TRIGGER IntegrityCheckpoints_NoDelete BEFORE DELETE ON IntegrityCheckpoints
        BEGIN SELECT RAISE(ABORT, 'Signed checkpoints are immutable.'); END;
        """;

    /// <summary>Undoes <see cref="ChainedEventsTriggers"/> (the migration's Down).</summary>
    public const string UnchainedEventsTriggers = """
        DROP TRIGGER IF EXISTS Events_HashOnce;
        DROP TRIGGER IF EXISTS IntegrityCheckpoints_NoUpdate;
        DROP TRIGGER IF EXISTS IntegrityCheckpoints_NoDelete;
        DROP TRIGGER IF EXISTS Events_NoUpdate;
        CREATE TRIGGER Events_NoUpdate BEFORE UPDATE ON Events
        BEGIN SELECT RAISE(ABORT, 'Events are immutable: the Events table is append-only.'); END;
        """;

    /// <summary>The triggers a chained store must have (the verifier checks the schema too).</summary>
    public static readonly string[] RequiredTriggers = ["Events_NoUpdate", "Events_NoDelete", "Events_HashOnce", "IntegrityCheckpoints_NoUpdate", "IntegrityCheckpoints_NoDelete"];
}
