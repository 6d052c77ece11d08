using System.Diagnostics.Metrics;
using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.EventStore;

namespace BlazorEs.Infrastructure.Telemetry;

/// <summary>blazores.commands: every command that ran, by name and outcome (ok, invalid, rejected, conflict, busy, failed).</summary>
internal static class CommandMetrics
{
    private static readonly Meter Meter = new("BlazorEs.Commands");
    private static readonly Counter<long> Commands = Meter.CreateCounter<long>("blazores.commands", "{command}", "Commands run, by command and outcome.");

    public static void Completed(string command, string outcome) =>
        Commands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome));

    public static string OutcomeOf(Exception exception) => exception switch
    {
        DomainException { Kind: DomainErrorKind.Validation } => "invalid",
        DomainException { Kind: DomainErrorKind.Conflict } or ConcurrencyConflictException => "conflict",
        DomainException => "rejected",
        OperationCanceledException => "cancelled",
        Limits.ServerBusyException => "busy",
        _ => "failed",
    };
}
