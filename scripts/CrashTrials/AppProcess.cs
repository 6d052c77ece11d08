using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BlazorEs.CrashTrials;

/// <summary>
/// One run of the published app as its own process: Production, the trial's SQLite file, a free loopback port, no
/// demo seed. <see cref="Kill"/> is SIGKILL (Process.Kill on Linux): no shutdown code runs, as with kill -9.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(Process process, StreamWriter log, Uri address)
    {
        _process = process;
        _log = log;
        Address = address;
    }

    public Uri Address { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static AppProcess Start(string appDll, string databaseFile, string logFile, string? fault, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(databaseFile)!,
        };
        start.ArgumentList.Add(appDll);
        // The dll's folder is the content root (its appsettings.json), also for a build output that has no wwwroot.
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.GetDirectoryName(Path.GetFullPath(appDll))!);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["DOTNET_ENVIRONMENT"] = "Production";
        env["ConnectionStrings__EventStore"] = $"Data Source={databaseFile}";
        env["Seed__Enabled"] = "false";
        env["Logging__LogLevel__Default"] = "Warning";
        env["DOTNET_TieredPGO"] = "0"; // starts sooner on a busy machine; nothing on the durability path depends on it
        env["Logging__LogLevel__BlazorEs"] = "Information";
        env.Remove("BLAZORES_FAULT");
        if (fault is not null) env["BLAZORES_FAULT"] = fault;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        log.WriteLine($"---- start {DateTime.UtcNow:O} port {port} fault {fault ?? "none"}");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, log, address);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log) log.WriteLine(line);
    }

    /// <summary>Waits until the API answers (migrations applied, hosted services started), or the process ends.</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it answered.");
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync(new Uri(Address, "/api/projections"), cts.Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The app did not answer within {timeout.TotalSeconds:F0} s.");
    }

    /// <summary>SIGKILL, then wait for the process to be gone (its file locks released) before anything opens the file again.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: false); }
            catch (InvalidOperationException) { /* it ended on its own meanwhile */ }
        }
        await _process.WaitForExitAsync();
        lock (_log) _log.WriteLine($"---- killed {DateTime.UtcNow:O}");
    }

    /// <summary>Waits for the process to end on its own (a fault point that fails fast), at most <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
