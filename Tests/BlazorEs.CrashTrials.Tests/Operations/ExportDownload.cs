using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace BlazorEs.CrashTrials.Tests.Operations;

/// <summary>An evidence export as a client received it: the status (null: no answer at all), the complete lines, whether it broke off.</summary>
internal sealed record ExportDownload(int? Status, IReadOnlyList<string> Lines, long Bytes, bool BrokeOff)
{
    public bool HasManifest => Lines.Count > 0 && Lines[^1].StartsWith("{\"manifest\":", StringComparison.Ordinal);

    /// <summary>GET the export and read it line by line until it ends or the connection breaks.</summary>
    public static async Task<ExportDownload> GetAsync(HttpClient http, Uri url)
    {
        int? status = null;
        var lines = new List<string>();
        long bytes = 0;
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            status = (int)response.StatusCode;
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                bytes += System.Text.Encoding.UTF8.GetByteCount(line) + 1;
            }
            return new ExportDownload(status, lines, bytes, BrokeOff: false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            return new ExportDownload(status, lines, bytes, BrokeOff: true);
        }
    }

    /// <summary>What the user saw, in a few words.</summary>
    public string Seen() => Status is null
        ? "the download got no answer at all"
        : $"the download ({Status}) broke off after {Lines.Count} complete lines ({Bytes / 1024.0:0} KB), no manifest";

    /// <summary>The app's own offline check (<c>dotnet BlazorEs.App.dll verify-export FILE --key K</c>, its own process): exit code and output.</summary>
    public async Task<(int Exit, string Output)> VerifyOfflineAsync(string file, string key)
    {
        await File.WriteAllLinesAsync(file, Lines);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Trials.AppDll(), "verify-export", file, "--key", key }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}

/// <summary>The read-model snapshots stored in the file, read beside the app as the crash trials read the log.</summary>
internal static class StoredSnapshots
{
    /// <summary>Projection → the positions it has a snapshot at.</summary>
    public static Dictionary<string, List<long>> Read(string databaseFile)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Projection, Position FROM ReadModelSnapshots ORDER BY Position";
        using var reader = command.ExecuteReader();
        var snapshots = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (!snapshots.TryGetValue(reader.GetString(0), out var positions)) snapshots[reader.GetString(0)] = positions = [];
            positions.Add(reader.GetInt64(1));
        }
        return snapshots;
    }
}
