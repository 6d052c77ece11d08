using System.Text.Json.Nodes;

namespace BlazorEs.CrashTrials;

/// <summary>One projection after the restart: caught up to the stored head, and how many rows a clean replay disagrees with.</summary>
internal sealed record ProjectionVerdict(string Name, long Checkpoint, string State, int Differences, string? Detail);

/// <summary>Waits for every projection to reach the head on the restarted app, then asks each to verify itself against a replay.</summary>
internal static class ProjectionCheck
{
    public static async Task<IReadOnlyList<ProjectionVerdict>> RunAsync(HttpClient http, Uri address, long head, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonArray statuses;
        while (true)
        {
            statuses = (JsonNode.Parse(await http.GetStringAsync(new Uri(address, "/api/projections"))) as JsonArray) ?? [];
            var behind = statuses.OfType<JsonObject>().Where(s => !Settled(s, head)).ToList();
            if (behind.Count == 0) break;
            if (DateTime.UtcNow > deadline)
                return behind.Select(s => new ProjectionVerdict(Name(s), Checkpoint(s), State(s), -1,
                    $"not caught up to {head} after {timeout.TotalSeconds:F0} s: {s.ToJsonString()}")).ToList();
            await Task.Delay(100);
        }

        var verdicts = new List<ProjectionVerdict>();
        foreach (var status in statuses.OfType<JsonObject>())
            verdicts.Add(await VerifyAsync(http, address, status, deadline));
        return verdicts;
    }

    private static bool Settled(JsonObject status, long head) =>
        State(status) is "Live" or "2" && Checkpoint(status) >= head && !Rebuilding(status);

    private static bool Rebuilding(JsonObject status) =>
        status["rebuild"] is JsonObject r && (r["phase"]?.ToString() is "Replaying" or "Swapping" or "0" or "1");

    private static string Name(JsonObject s) => s["name"]?.GetValue<string>() ?? "?";
    private static long Checkpoint(JsonObject s) => s["checkpoint"]?.GetValue<long>() ?? -1;
    private static string State(JsonObject s) => s["state"]?.ToString() ?? "?";

    /// <summary>
    /// Verification as a background job (POST starts one, GET shows it until it is finished): a fresh job each time, so
    /// a verdict from an earlier trial on the same process is never taken. Where POST is not there (an older app), GET
    /// answers the verdict itself.
    /// </summary>
    private static async Task<ProjectionVerdict> VerifyAsync(HttpClient http, Uri address, JsonObject status, DateTime deadline)
    {
        var name = Name(status);
        var url = new Uri(address, $"/api/projections/{Uri.EscapeDataString(name)}/verify");
        using (var start = await http.PostAsync(url, new StringContent("{\"reason\":\"crash trial check\"}", System.Text.Encoding.UTF8, "application/json")))
        {
            if (!start.IsSuccessStatusCode && start.StatusCode is not (System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.MethodNotAllowed))
                return new ProjectionVerdict(name, Checkpoint(status), State(status), -1, $"verify answered {(int)start.StatusCode} {Truncate(await start.Content.ReadAsStringAsync(), 500)}");
        }
        while (true)
        {
            using var response = await http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            var json = response.IsSuccessStatusCode ? JsonNode.Parse(body) as JsonObject : null;
            if (json?["state"]?.ToString() is "Failed" or "3")
                return new ProjectionVerdict(name, Checkpoint(status), State(status), -1, $"verification failed: {Truncate(body, 1000)}");
            if (json is not null && FindVerdict(json) is { } v)
                return new ProjectionVerdict(name, Checkpoint(status), State(status), v.Differences,
                    v.Differences == 0 ? null : Truncate(body, 2000));
            if (DateTime.UtcNow > deadline)
                return new ProjectionVerdict(name, Checkpoint(status), State(status), -1, $"no verdict in time: {Truncate(body, 500)}");
            await Task.Delay(200);
        }
    }

    /// <summary>{"healthy": bool, "differences": [...]}, at the top or inside a job's result.</summary>
    private static (int Differences, bool Healthy)? FindVerdict(JsonObject json)
    {
        foreach (var candidate in new[] { json, json["result"] as JsonObject, json["verification"] as JsonObject })
        {
            if (candidate?["healthy"] is JsonValue healthy && healthy.TryGetValue<bool>(out var ok))
            {
                var count = candidate["differences"] is JsonArray a ? a.Count
                    : candidate["differenceCount"]?.GetValue<int>() ?? (ok ? 0 : 1);
                return (count, ok);
            }
        }
        return null;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
