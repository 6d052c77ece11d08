namespace BlazorEs.Infrastructure.Compensation;

/// <summary>
/// Recorded in the stream <c>compensation-{original command id}</c> in the same commit as the compensating events. The
/// stream must not exist yet (expected version 0): that is what makes a command compensated at most once, even when
/// two requests race (the writer refuses the second append inside its transaction).
/// </summary>
public sealed record CommandCompensated(string OriginalCommandId, string OriginalCommandName, string CorrelationId, string Reason);

/// <summary>A compensation that happened: who ran it, when, under which command and correlation id, and why.</summary>
public sealed record CompensationRecord(
    string OriginalCommandId,
    string OriginalCommandName,
    string CompensatedBy,
    DateTime CompensatedAt,
    string CompensatingCommandId,
    string CorrelationId,
    long Position,
    string Reason)
{
    /// <summary>"compensated by ada at 2026-12-02 21:50:12 UTC (correlation …)": what the console and a 409 say.</summary>
    public string Describe() =>
        $"{OriginalCommandName} {OriginalCommandId} was already compensated by {CompensatedBy} at " +
        $"{CompensatedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC " +
        $"(command {CompensatingCommandId}, correlation {CorrelationId}, position {Position}): {Reason}";
}

public static class CompensationStreams
{
    public const string Prefix = "compensation-";

    public static string For(string originalCommandId) => Prefix + originalCommandId;
}
