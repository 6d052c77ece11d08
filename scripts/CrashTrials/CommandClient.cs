using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace BlazorEs.CrashTrials;

/// <summary>Sends commands to POST /api/commands/{name} and writes each one and its answer in the <see cref="Ledger"/>.</summary>
internal sealed class CommandClient(HttpClient http, Uri address, Ledger ledger, string load)
{
    public Uri Address => address;
    public HttpClient Http => http;

    /// <summary>
    /// The answer, or null when none came (the process died, or <paramref name="timeout"/> passed first). With
    /// <paramref name="commandId"/> the command carries a client-chosen id, so it can be sent again safely.
    /// </summary>
    public async Task<CommandAnswer?> SendAsync(int client, string command, JsonObject body, string? commandId = null,
        TimeSpan? timeout = null, bool afterRestart = false, CancellationToken ct = default)
    {
        if (commandId is not null) body["commandId"] = commandId;
        var text = body.ToJsonString();
        var sent = new SentCommand(load, client, command, text, commandId, DateTime.UtcNow);
        ledger.CountSent();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout is { } t) cts.CancelAfter(t);
        try
        {
            using var content = new StringContent(text, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(new Uri(address, $"/api/commands/{command}"), content, cts.Token);
            var responseBody = await response.Content.ReadAsStringAsync(cts.Token);
            var status = (int)response.StatusCode;
            var answer = new CommandAnswer(sent, status, responseBody, DateTime.UtcNow,
                status == 200 ? Acknowledgement.Parse(responseBody) : null, afterRestart);
            ledger.Record(answer);
            return answer;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            ledger.RecordUnanswered(sent);
            return null;
        }
    }

    /// <summary>GET, answered or not (readers during the kill only need to be running).</summary>
    public async Task<bool> GetAsync(string path, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(address, path), ct);
            await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    public async Task<bool> PostAsync(string path, JsonObject body, CancellationToken ct)
    {
        try
        {
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(new Uri(address, path), content, ct);
            await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
