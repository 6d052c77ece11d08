namespace BlazorEs.Infrastructure.Commands;

/// <summary>
/// The stream a command's <see cref="CommandOptions.RecordOnce"/> names exists already: whatever it records happened
/// before (a compensation of the same command). Not a conflict to retry on fresh state — nothing was written.
/// </summary>
public sealed class RecordedOnceException(string streamId)
    : Exception($"{streamId} has been recorded already; nothing was written.")
{
    public string StreamId { get; } = streamId;
}
