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
}
