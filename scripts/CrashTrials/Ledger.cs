using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace BlazorEs.CrashTrials;

/// <summary>A command as sent: enough to send it again and to explain it.</summary>
internal sealed record SentCommand(string Load, int Client, string Command, string Body, string? ClientCommandId, DateTime SentAt);

/// <summary>A stream and the version a command left it at, as the response said.</summary>
internal sealed record StreamAt(string StreamId, long Version);

/// <summary>What a 200 promised: this command id's events are stored, the last at <see cref="LastPosition"/>.</summary>
internal sealed record Acknowledgement(string CommandId, long LastPosition, IReadOnlyList<StreamAt> Streams, bool Duplicate)
{
    public static Acknowledgement? Parse(string body)
    {
        try
        {
            var json = JsonNode.Parse(body) as JsonObject;
            if (json?["commandId"]?.GetValue<string>() is not { } id || json["lastPosition"] is not { } last) return null;
            var streams = (json["streams"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Select(s => new StreamAt(s["streamId"]!.GetValue<string>(), s["version"]!.GetValue<long>()))
                .ToArray();
            return new Acknowledgement(id, last.GetValue<long>(), streams, json["duplicate"]?.GetValue<bool>() ?? false);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>An HTTP answer to a command; <see cref="Ack"/> when it was a 200 with a commit result.</summary>
internal sealed record CommandAnswer(SentCommand Request, int Status, string ResponseBody, DateTime AnsweredAt, Acknowledgement? Ack, bool AfterRestart = false);

/// <summary>Everything one trial sent and heard back, from every client at once.</summary>
internal sealed class Ledger
{
    private readonly ConcurrentQueue<CommandAnswer> _answers = new();
    private readonly ConcurrentQueue<SentCommand> _unanswered = new();
    private int _sent;
    private int _acknowledged;

    public int Sent => _sent;
    public int AcknowledgedCount => Volatile.Read(ref _acknowledged);
    public IReadOnlyCollection<CommandAnswer> Answers => _answers;
    public IEnumerable<CommandAnswer> Acknowledged => _answers.Where(a => a.Ack is not null);

    /// <summary>Sent, and no answer came (the kill, or the client's own timeout).</summary>
    public IReadOnlyCollection<SentCommand> Unanswered => _unanswered;

    public void CountSent() => Interlocked.Increment(ref _sent);
    public void Record(CommandAnswer answer)
    {
        _answers.Enqueue(answer);
        if (answer.Ack is not null) Interlocked.Increment(ref _acknowledged);
    }
    public void RecordUnanswered(SentCommand sent) => _unanswered.Enqueue(sent);

    public IReadOnlyDictionary<int, int> StatusCounts() =>
        _answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
}
