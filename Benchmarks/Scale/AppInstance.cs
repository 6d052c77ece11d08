using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Text.Json;

namespace BlazorEs.Benchmarks.Scale;

/// <summary>
/// The console app as its own process (`dotnet BlazorEs.App.dll`, copied beside the benchmark by its project
/// reference) on an existing store, so its memory is the instance's alone: how long until every projection is live,
/// its working set (/proc) and managed heap (the runtime's GC heap-size metric from its own /metrics).
/// </summary>
internal sealed partial class AppInstance : IAsyncDisposable
{
    public const string AdminUserName = "bench-admin";
    public const string AdminPassword = "Bench-password-1";

    private readonly Process _process;

    private AppInstance(Process process, Uri address)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the app on <paramref name="databasePath"/>; answers once every projection is live, with the time it took.</summary>
    public static async Task<(AppInstance App, TimeSpan Startup)> StartAsync(string databasePath, string logFile)
    {
        // Port 0, and the address read from the app's own "Now listening on" line (as the crash-trial tool does): a free
        // port picked here and bound later by the app races with anything else starting meanwhile.
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BlazorEs.App.dll"), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(databasePath)!,
        };
        // Development as the tests' app processes run (no HTTPS redirect, a generated integrity key), without the demo seed.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__EventStore"] = $"Data Source={databasePath}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Seed__Enabled"] = "false";
        start.Environment["RateLimits__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Auth__BootstrapAdmin__UserName"] = AdminUserName;
        start.Environment["Auth__BootstrapAdmin__Password"] = AdminPassword;
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.WriteLine(e.Data);
            if (e.Data.Contains("Now listening on", StringComparison.Ordinal) && ListeningAddress().Match(e.Data) is { Success: true } address)
                listening.TrySetResult(new Uri(address.Value));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddMinutes(30);
        var said = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(deadline - DateTime.UtcNow));
        if (said != listening.Task)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The app never said where it listens; see {logFile}.");
        }
        var app = new AppInstance(process, await listening.Task);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if (app.Client.DefaultRequestHeaders.Authorization is null) await app.SignInAsync();
                if (app.Client.DefaultRequestHeaders.Authorization is not null && await app.AllLiveAsync()) return (app, clock.Elapsed);
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        await app.DisposeAsync();
        throw new InvalidOperationException($"The app did not get every projection live; see {logFile}.");
    }

    private async Task SignInAsync()
    {
        using var response = await Client.PostAsJsonAsync("/api/auth/login", new { userName = AdminUserName, password = AdminPassword });
        if (!response.IsSuccessStatusCode) return;
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private async Task<bool> AllLiveAsync()
    {
        using var response = await Client.GetAsync("/api/projections");
        if (!response.IsSuccessStatusCode) return false;
        var statuses = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return statuses.GetArrayLength() > 0 && statuses.EnumerateArray().All(s => s.GetProperty("state").GetString() == "Live");
    }

    /// <summary>The process's resident set (VmRSS) in MB.</summary>
    public double WorkingSetMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>The GC heap after the last collection, in MB, from the app's Prometheus endpoint; NaN when it does not report one.</summary>
    public async Task<double> ManagedHeapMegabytesAsync()
    {
        var text = await Client.GetStringAsync("/metrics");
        var names = new[] { "dotnet_gc_last_collection_heap_size_bytes", "process_runtime_dotnet_gc_heap_size_bytes" };
        foreach (var name in names)
        {
            var values = text.Split('\n')
                .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is '{' or ' '))
                .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture))
                .ToList();
            if (values.Count > 0) return values.Sum() / 1e6;
        }
        return double.NaN;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningAddress();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
