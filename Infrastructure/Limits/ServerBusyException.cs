namespace BlazorEs.Infrastructure.Limits;

/// <summary>
/// The server is at a limit it keeps on purpose (writer queue full, every replay slot taken): nothing was done, and
/// the same request may succeed after <see cref="RetryAfter"/>. The HTTP API answers 503 with a Retry-After header.
/// </summary>
public sealed class ServerBusyException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
