using Microsoft.Data.Sqlite;

namespace BlazorEs.Infrastructure.Crash;

/// <summary>
/// Named points on the paths that answer a command with success, and inside the long operations (a rebuild's swap, a
/// snapshot write, the demo seed, an export, a full integrity verification), where a test makes the process die or fail
/// (docs/reliability.md, "Crash trials"). Armed only by the environment variable <c>BLAZORES_FAULT</c> =
/// <c>point:action[@n]</c>, read once at start: <c>fail-fast</c> ends the process there and then (Environment.FailFast,
/// no shutdown code, like a kill at exactly that line), <c>throw</c> raises an exception there once, <c>db-error</c> a
/// SqliteException once; <c>@n</c> acts on the n-th time the point is reached (default the first).
/// </summary>
/// <remarks>
/// Unset, <see cref="Armed"/> is a static readonly false: the JIT drops every <c>if (FaultPoints.Armed)</c> from the
/// compiled code, so the hot path pays nothing. Nothing else reads the variable; the app never arms it itself.
/// </remarks>
public static class FaultPoints
{
    public const string Variable = "BLAZORES_FAULT";

    /// <summary>Inside the writer's transaction, after every command's savepoint is released and before COMMIT.</summary>
    public const string WriterBeforeCommit = "writer.before-commit";
    /// <summary>COMMIT returned (the batch is durable); nothing answered yet, the head not advanced.</summary>
    public const string WriterAfterCommit = "writer.after-commit";
    /// <summary>Inside one command's savepoint: its events inserted, its Commands row not yet.</summary>
    public const string WriterInSavepoint = "writer.in-savepoint";
    /// <summary>The batch's callers have their results (answers on their way).</summary>
    public const string WriterAfterAnswer = "writer.after-answer";
    /// <summary>The writer found the command id in the Commands table: it will answer the stored result.</summary>
    public const string WriterDuplicate = "writer.duplicate";
    /// <summary>The command handler caught an expected-version conflict and is about to decide again.</summary>
    public const string HandlerConflict = "handler.conflict";
    /// <summary>The append succeeded; the cache is not yet updated, nothing published, nothing answered.</summary>
    public const string HandlerAfterAppend = "handler.after-append";
    /// <summary>A retried command id was refused on the state its first attempt left: the stored first result is about to be answered.</summary>
    public const string HandlerFirstResult = "handler.first-result";

    /// <summary>A rebuild's swap: the live table emptied and filled with the replay's rows and counted, the checkpoint not moved, not committed.</summary>
    public const string RebuildSwap = "rebuild.swap";
    /// <summary>A snapshot write: every projection's snapshot at the position inserted in its transaction, not committed.</summary>
    public const string SnapshotWrite = "snapshot.write";
    /// <summary>The demo seed: one of its commands acknowledged (use @n for the n-th), the others of its step in flight.</summary>
    public const string SeedCommand = "seed.command";
    /// <summary>An evidence export: one more event written to the response (use @n), the manifest not yet, the export's completion not recorded.</summary>
    public const string ExportWriting = "export.writing";
    /// <summary>A full integrity verification: the chain scanned, the Commands table and the snapshots' seals not yet checked, nothing reported (the start-up pass is the first).</summary>
    public const string IntegrityVerify = "integrity.verify";

    public static readonly IReadOnlyList<string> All =
        [WriterBeforeCommit, WriterAfterCommit, WriterInSavepoint, WriterAfterAnswer, WriterDuplicate, HandlerConflict, HandlerAfterAppend, HandlerFirstResult,
         RebuildSwap, SnapshotWrite, SeedCommand, ExportWriting, IntegrityVerify];

    private static readonly Fault? Configured = Fault.Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Whether a fault is armed at all (test runs only).</summary>
    public static readonly bool Armed = Configured is not null;

    /// <summary>Acts if <paramref name="point"/> is the armed one and this is the time; call it behind <c>if (FaultPoints.Armed)</c>.</summary>
    public static void Reach(string point) => Configured?.Reach(point);

    private sealed class Fault(string point, string action, int nth)
    {
        private int _reached;

        public static Fault? Parse(string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            var (spec, nth) = value.Split('@') is [var s, var n] ? (s, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)) : (value, 1);
            var parts = spec.Split(':');
            if (parts is not [var point, var action] || !All.Contains(point) || action is not ("fail-fast" or "throw" or "db-error") || nth < 1)
                throw new InvalidOperationException(
                    $"{Variable}='{value}' is not point:action[@n]; points: {string.Join(", ", All)}; actions: fail-fast, throw, db-error.");
            return new Fault(point, action, nth);
        }

        public void Reach(string reached)
        {
            if (reached != point || Interlocked.Increment(ref _reached) != nth) return;
            var message = $"Fault point {point} ({Variable}): {action}.";
            switch (action)
            {
                case "fail-fast":
                    Environment.FailFast(message);
                    break;
                case "db-error":
                    throw new SqliteException(message, 1);
                default:
                    throw new InvalidOperationException(message);
            }
        }
    }
}
