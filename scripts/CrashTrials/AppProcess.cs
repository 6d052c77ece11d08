using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BlazorEs.CrashTrials;

/// <summary>
/// One run of the published app as its own process: Production, the trial's SQLite file, a free loopback port, no
/// demo seed, a bootstrap admin (Auth:BootstrapAdmin) the trial signs in as. <see cref="Kill"/> is SIGKILL (Process.Kill on Linux): no shutdown code runs, as with kill -9.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    /// <summary>Where this process said it listens (known once <see cref="WaitReadyAsync"/> returned).</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:0");
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public const string AdminUserName = "trial-admin";

    public const string AdminPassword = "Trial-password-1";

    public static AppProcess Start(string appDll, string databaseFile, string logFile, string? fault, IReadOnlyDictionary<string, string>? settings = null)
    {
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
        // Port 0, and the address read from the app's own "Now listening on" line: a free port picked here and bound
        // later raced with the other trials, and a client then talked to another trial's app (seen in the 500 trials).
        start.ArgumentList.Add("http://127.0.0.1:0");
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["DOTNET_ENVIRONMENT"] = "Production";
        env["ConnectionStrings__EventStore"] = $"Data Source={databaseFile}";
        env["Seed__Enabled"] = "false";
        env["Auth__BootstrapAdmin__UserName"] = AdminUserName;
        env["Auth__BootstrapAdmin__Password"] = AdminPassword;
        // Outside Development the integrity key must be given; every run (and restart) on one file signs with the same one.
        env["Integrity__SigningKey"] = "dGVzdC1vbmx5IGludGVncml0eSBrZXkgMzIgYnl0ZXM=";
        env["Logging__LogLevel__Default"] = "Warning";
        env["DOTNET_TieredPGO"] = "0"; // starts sooner on a busy machine; nothing on the durability path depends on it
        env["Logging__LogLevel__BlazorEs"] = "Information";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        env.Remove("BLAZORES_FAULT");
        if (fault is not null) env["BLAZORES_FAULT"] = fault;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        log.WriteLine($"---- start {DateTime.UtcNow:O} fault {fault ?? "none"}");
        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, log);
        process.OutputDataReceived += (_, e) => app.Read(e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void Read(string? line)
    {
        Write(_log, line);
        // Plain or JSON console logs alike: the address after "Now listening on".
        if (line is not null && line.Contains("Now listening on", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.Match(line, @"http://127\.0\.0\.1:\d+") is { Success: true } address)
            _listening.TrySetResult(new Uri(address.Value));
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log) log.WriteLine(line);
    }

    /// <summary>
    /// Waits until the API answers (migrations applied, hosted services started), or the process ends; signs in as the
    /// bootstrap admin on the way and puts its bearer token on <paramref name="http"/> (no request is in flight then).
    /// </summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_listening.Task.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it listened.");
            await Task.Delay(50);
        }
        if (!_listening.Task.IsCompleted) throw new TimeoutException($"The app did not listen within {timeout.TotalSeconds:F0} s.");
        Address = await _listening.Task;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it answered.");
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                if (!await SignInAsync(http, cts.Token)) throw new HttpRequestException("not signed in yet");
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

    private async Task<bool> SignInAsync(HttpClient http, CancellationToken ct)
    {
        using var login = new StringContent(
            JsonSerializer.Serialize(new { userName = AdminUserName, password = AdminPassword }), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(Address, "/api/auth/login"), login, ct);
        if (!response.IsSuccessStatusCode) return false;
        var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return true;
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
}
