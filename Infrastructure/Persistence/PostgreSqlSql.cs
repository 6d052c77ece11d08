namespace BlazorEs.Infrastructure.Persistence;

/// <summary>PostgreSQL specifics that EF's model cannot express, kept in one place.</summary>
public static class PostgreSqlSql
{
    /// <summary>The advisory lock key of the append (the bytes of "BlazorEs"); other locks of the app must use other keys.</summary>
    public const long AppendLockKey = 4786307682471658867;

    /// <summary>
    /// Serializes position assignment across every writer of every instance for the life of the transaction: the
    /// lock is released only after the commit is visible to others, and under READ COMMITTED the writer's next
    /// statement (reading the head) takes its snapshot after the lock was granted, so it sees the previous holder's
    /// rows. Positions therefore commit in order and without gaps: a reader that saw P never later finds one below P.
    /// </summary>
    public const string AppendLock = "SELECT pg_advisory_xact_lock(4786307682471658867)";

    /// <summary>
    /// One statement-level trigger for UPDATE, DELETE and TRUNCATE (which row triggers would not see). The names are
    /// lower case like the model's (see <see cref="PostgreSqlEventStoreDbContext"/>).
    /// </summary>
    public const string ImmutableEventsTrigger = """
        CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'Events are immutable: the Events table is append-only.' USING ERRCODE = 'restrict_violation';
        END $$;
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
        """;

    public const string DropImmutableEventsTrigger =
        "DROP TRIGGER IF EXISTS events_append_only ON events; DROP FUNCTION IF EXISTS events_append_only();";

    /// <summary>
    /// With the hash chain (migration HashChain): DELETE and TRUNCATE stay refused for the whole statement; UPDATE is
    /// checked per row and refused unless it only sets the hash of a row that has none yet (chaining a store that held
    /// events before the chain existed). Signed checkpoints are refused UPDATE, DELETE and TRUNCATE.
    /// </summary>
    public const string ChainedEventsTriggers = """
        DROP TRIGGER IF EXISTS events_append_only ON events;
        CREATE TRIGGER events_no_delete BEFORE DELETE OR TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
        CREATE FUNCTION events_hash_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.hash IS NOT NULL
               OR (NEW.position, NEW.eventid, NEW.streamid, NEW.streamversion, NEW.type, NEW.schemaversion, NEW.data, NEW.recordedat,
                   NEW.userid, NEW.commandname, NEW.commandid, NEW.correlationid, NEW.causationid)
                  IS DISTINCT FROM
                  (OLD.position, OLD.eventid, OLD.streamid, OLD.streamversion, OLD.type, OLD.schemaversion, OLD.data, OLD.recordedat,
                   OLD.userid, OLD.commandname, OLD.commandid, OLD.correlationid, OLD.causationid) THEN
                RAISE EXCEPTION 'Events are immutable: the Events table is append-only.' USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER events_hash_once BEFORE UPDATE ON events
            FOR EACH ROW EXECUTE FUNCTION events_hash_once();
        CREATE FUNCTION integritycheckpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'Signed checkpoints are immutable.' USING ERRCODE = 'restrict_violation';
        END $$;
        CREATE TRIGGER integritycheckpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON integritycheckpoints
            FOR EACH STATEMENT EXECUTE FUNCTION integritycheckpoints_append_only();
        """;

    /// <summary>Undoes <see cref="ChainedEventsTriggers"/> (the migration's Down).</summary>
    public const string UnchainedEventsTriggers = """
        DROP TRIGGER IF EXISTS integritycheckpoints_append_only ON integritycheckpoints;
        DROP FUNCTION IF EXISTS integritycheckpoints_append_only();
        DROP TRIGGER IF EXISTS events_hash_once ON events;
        DROP FUNCTION IF EXISTS events_hash_once();
        DROP TRIGGER IF EXISTS events_no_delete ON events;
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
        """;

    /// <summary>The triggers a chained store must have (the verifier checks the schema too).</summary>
    public static readonly string[] RequiredTriggers = ["events_no_delete", "events_hash_once", "integritycheckpoints_append_only"];

    /// <summary>SQLSTATE 23505: unique_violation (a unique index or primary key).</summary>
    public static bool IsUniqueViolation(string? sqlState) => sqlState == "23505";
}
