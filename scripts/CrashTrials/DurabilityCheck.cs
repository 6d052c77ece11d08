using System.Text;
using System.Text.Json.Nodes;

namespace BlazorEs.CrashTrials;

/// <summary>An acknowledged command whose promise the restarted store does not keep, with everything needed to explain it.</summary>
internal sealed record LostCommand(CommandAnswer Answer, IReadOnlyList<string> Problems, string Explanation);

/// <summary>What the checks of one trial found in the store after the restart.</summary>
internal sealed record DurabilityFindings(
    int Acknowledged,
    IReadOnlyList<LostCommand> Lost,
    IReadOnlyList<long> MissingPositions,
    IReadOnlyList<string> StreamFaults,
    IReadOnlyList<string> CommandFaults,
    IReadOnlyList<string> RefusedButStored);

/// <summary>
/// Every acknowledged command's events are stored, found by position AND by command id and stream version; no
/// position below the head is missing; stream versions run 1..n; a command id committed once (its events are one
/// contiguous run ending at the result's last position, and its stored result is the one answered).
/// </summary>
internal static class DurabilityCheck
{
    public static DurabilityFindings Run(Ledger ledger, StoredLog log, DateTime killedAt)
    {
        var acknowledged = ledger.Acknowledged.ToList();
        var lost = new List<LostCommand>();
        foreach (var answer in acknowledged)
        {
            var problems = Problems(answer.Ack!, log);
            if (problems.Count > 0) lost.Add(new LostCommand(answer, problems, Explain(answer, log, killedAt)));
        }
        return new DurabilityFindings(acknowledged.Count, lost, log.MissingPositions(), log.StreamVersionFaults(), CommandFaults(log),
            RefusedButStored(ledger, log));
    }

    private static List<string> Problems(Acknowledgement ack, StoredLog log)
    {
        var problems = new List<string>();
        if (!log.ByPosition.TryGetValue(ack.LastPosition, out var atPosition))
            problems.Add($"no event at position {ack.LastPosition} (head {log.Head})");
        else if (atPosition.CommandId != ack.CommandId)
            problems.Add($"position {ack.LastPosition} holds command {atPosition.CommandId}'s event, not {ack.CommandId}'s");
        foreach (var stream in ack.Streams)
        {
            if (!log.ByStreamVersion.TryGetValue((stream.StreamId, stream.Version), out var atVersion))
                problems.Add($"no event {stream.StreamId} v{stream.Version}");
            else if (atVersion.CommandId != ack.CommandId)
                problems.Add($"{stream.StreamId} v{stream.Version} is command {atVersion.CommandId}'s event, not {ack.CommandId}'s");
        }
        if (!log.ByCommand.ContainsKey(ack.CommandId))
            problems.Add($"no event carries command id {ack.CommandId}");
        if (!log.Commands.TryGetValue(ack.CommandId, out var result))
            problems.Add($"no Commands row for {ack.CommandId}");
        else if (Acknowledgement.Parse(ToApiShape(result)) is { } stored && stored.LastPosition != ack.LastPosition)
            problems.Add($"the stored result says last position {stored.LastPosition}, the answer said {ack.LastPosition}");
        return problems;
    }

    /// <summary>The stored result is the writer's own JSON; the API writes the same record, camel-cased, so it parses either way.</summary>
    private static string ToApiShape(string stored)
    {
        var node = JsonNode.Parse(stored) as JsonObject;
        if (node is null) return stored;
        var camel = new JsonObject();
        foreach (var (key, value) in node) camel[char.ToLowerInvariant(key[0]) + key[1..]] = value?.DeepClone();
        if (camel["streams"] is JsonArray streams)
            foreach (var s in streams.OfType<JsonObject>())
                foreach (var key in s.Select(p => p.Key).ToList())
                {
                    var value = s[key]?.DeepClone();
                    s.Remove(key);
                    s[char.ToLowerInvariant(key[0]) + key[1..]] = value;
                }
        return camel.ToJsonString();
    }

    /// <summary>
    /// Client-chosen ids answered with an error and never acknowledged, whose events are stored all the same: not a
    /// loss, but a client that took the error at its word and sent the command again without the id would repeat it.
    /// </summary>
    private static List<string> RefusedButStored(Ledger ledger, StoredLog log)
    {
        var acknowledged = ledger.Acknowledged.Select(a => a.Request.ClientCommandId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return ledger.Answers
            .Where(a => a.Ack is null && a.Request.ClientCommandId is { } id && !acknowledged.Contains(id) && log.ByCommand.ContainsKey(id))
            .Select(a => $"{a.Request.ClientCommandId} answered {a.Status} {a.ResponseBody}")
            .Distinct()
            .ToList();
    }

    /// <summary>A command id's events must be one run of positions ending where its stored result says: committed once.</summary>
    private static List<string> CommandFaults(StoredLog log)
    {
        var faults = new List<string>();
        foreach (var (commandId, rows) in log.ByCommand)
        {
            var contiguous = rows[^1].Position - rows[0].Position + 1 == rows.Count;
            if (!contiguous) faults.Add($"command {commandId}: events at {string.Join(",", rows.Select(r => r.Position))} are not one run (committed twice?)");
            if (!log.Commands.TryGetValue(commandId, out var result))
                faults.Add($"command {commandId}: events without a Commands row");
            else if (Acknowledgement.Parse(ToApiShape(result)) is { } stored && stored.LastPosition != rows[^1].Position)
                faults.Add($"command {commandId}: stored result says last position {stored.LastPosition}, its last event is at {rows[^1].Position}");
        }
        return faults;
    }

    private static string Explain(CommandAnswer answer, StoredLog log, DateTime killedAt)
    {
        var ack = answer.Ack!;
        var text = new StringBuilder();
        text.AppendLine($"  command {ack.CommandId} ({answer.Request.Command}, load {answer.Request.Load}, client {answer.Request.Client}"
            + $"{(answer.Request.ClientCommandId is { } id ? $", client-chosen id {id}" : "")}{(answer.AfterRestart ? ", sent again after the restart" : "")})");
        text.AppendLine($"  sent {answer.Request.SentAt:HH:mm:ss.fff}, answered {answer.AnsweredAt:HH:mm:ss.fff} ({(killedAt - answer.AnsweredAt).TotalMilliseconds:F0} ms before the kill)");
        text.AppendLine($"  request:  {answer.Request.Body}");
        text.AppendLine($"  response: {answer.Status} {answer.ResponseBody}");
        text.AppendLine($"  stored head after the restart: {log.Head} ({log.Rows.Count} events)");
        text.AppendLine($"  Commands row: {(log.Commands.TryGetValue(ack.CommandId, out var r) ? r : "none")}");
        if (log.ByCommand.TryGetValue(ack.CommandId, out var own))
            text.AppendLine($"  events with this command id at: {string.Join(", ", own.Select(e => $"#{e.Position} {e.StreamId} v{e.StreamVersion}"))}");
        text.AppendLine("  stored around its position:");
        foreach (var line in log.Around(ack.LastPosition)) text.AppendLine("    " + line);
        foreach (var stream in ack.Streams)
        {
            var versions = log.Rows.Where(e => e.StreamId == stream.StreamId).Select(e => e.StreamVersion).ToList();
            text.AppendLine($"  {stream.StreamId}: stored versions up to {(versions.Count == 0 ? 0 : versions.Max())} ({versions.Count} events); the answer said v{stream.Version}");
        }
        return text.ToString();
    }
}
