using BlazorEs.Benchmarks.Suite;

namespace BlazorEs.Benchmarks.Rebuild;

/// <summary>The ceiling for reading the log: SELECT of every column in position order through Microsoft.Data.Sqlite, no deserialization.</summary>
public static class RawEventScan
{
    /// <summary>Reads events (after, to] and returns how many rows were read.</summary>
    public static async Task<long> ReadAsync(BenchStore store, long after = 0, long to = long.MaxValue)
    {
        using var connection = store.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Position, EventId, StreamId, StreamVersion, Type, SchemaVersion, Data, RecordedAt, UserId, CommandName, "
            + "CommandId, CorrelationId, CausationId FROM Events WHERE Position > @after AND Position <= @to ORDER BY Position";
        command.Parameters.AddWithValue("@after", after);
        command.Parameters.AddWithValue("@to", to);
        using var reader = await command.ExecuteReaderAsync();
        long rows = 0, check = 0;
        while (await reader.ReadAsync())
        {
            check += reader.GetInt64(0) + reader.GetString(1).Length + reader.GetString(2).Length + reader.GetInt64(3) + reader.GetString(4).Length
                + reader.GetInt32(5) + reader.GetString(6).Length + reader.GetString(7).Length + reader.GetString(8).Length + reader.GetString(9).Length
                + reader.GetString(10).Length + reader.GetString(11).Length + reader.GetString(12).Length;
            rows++;
        }
        return check > 0 ? rows : 0;
    }
}
