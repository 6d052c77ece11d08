using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace BlazorEs.App.Tests.Cluster.Processes;

/// <summary>
/// One instance of the built console (BlazorEs.App.dll, next to the tests) as a child process on a free loopback port,
/// with its own settings; <see cref="Kill"/> is kill -9. Each instance is started with the same bootstrap admin
/// (Auth:BootstrapAdmin, created by the first, found by the others) and <see cref="Client"/> carries that admin's
/// bearer token from this instance's POST /api/auth/login. Its output goes to a log file beside the database, for
/// reading after a failure.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(string id, int port, Process process, StreamWriter log)
    {
        Id = id;
        Address = new Uri($"http://127.0.0.1:{port}");
        _process = process;
        _log = log;
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Id { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>The bearer token <see cref="Client"/> sends, e.g. for a hub connection.</summary>
    public string? Token { get; private set; }

    public const string AdminUserName = "cluster-admin";

    public const string AdminPassword = "Cluster-password-1";

    public bool Exited => _process.HasExited;

    public static async Task<AppProcess> StartAsync(string id, string folder, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort.Next();
        var dll = Path.Combine(AppContext.BaseDirectory, "BlazorEs.App.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Seed__Enabled"] = "false";
        start.Environment["Cluster__InstanceId"] = id;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__BlazorEs"] = "Information";
        start.Environment["Auth__BootstrapAdmin__UserName"] = AdminUserName;
        start.Environment["Auth__BootstrapAdmin__Password"] = AdminPassword;
        // Outside Development the integrity key must be given; every run (and restart) on one file signs with the same one.
        start.Environment["Integrity__SigningKey"] = "dGVzdC1vbmx5IGludGVncml0eSBrZXkgMzIgYnl0ZXM=";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var log = new StreamWriter(Path.Combine(folder, $"{id}.log"), append: true) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(id, port, process, log);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if (app.Token is null && await app.SignInAsync() is { } token)
                {
                    app.Token = token;
                    app.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                }
                using var response = app.Token is null ? null : await app.Client.GetAsync("/api/cluster");
                if (response?.IsSuccessStatusCode == true) return app;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        await app.DisposeAsync();
        throw new InvalidOperationException($"Instance {id} did not answer on {app.Address}; see {Path.Combine(folder, id + ".log")}.");
    }

    /// <summary>POST /api/auth/login as the bootstrap admin; null until the instance answers it.</summary>
    private async Task<string?> SignInAsync()
    {
        using var response = await Client.PostAsJsonAsync("/api/auth/login", new { userName = AdminUserName, password = AdminPassword });
        if (!response.IsSuccessStatusCode) return null;
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
    }

    /// <summary>GET /api/cluster on this instance.</summary>
    public async Task<JsonElement> ClusterAsync()
    {
        using var response = await Client.GetAsync("/api/cluster");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>kill -9: no shutdown, no lease released, whatever was in flight is cut.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
