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

    /// <summary>SQLSTATE 23505: unique_violation (a unique index or primary key).</summary>
    public static bool IsUniqueViolation(string? sqlState) => sqlState == "23505";
}
