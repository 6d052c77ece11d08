using System.Diagnostics;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Faults;

/// <summary>
/// Faults other than kill -9, on a real server (Kestrel) and a real SQLite file, with real processes and file
/// systems: for each, commands answer a clear problem within their timeout, nothing acknowledged is lost, the
/// projections verify clean afterwards and the server recovers by itself. scripts/fault-table writes the table.
/// </summary>
[Trait("Category", "Faults")]
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private ApiFactory _app = default!;
    private HttpClient _client = default!;
    private string? _mount;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private FaultRun Start(string? databaseFolder = null)
    {
        _app = new ApiFactory { DatabaseFolder = databaseFolder, KeepServerLog = true };
        _app.UseKestrel(0);
        _app.StartServer();
        _client = _app.As("fault-operator");
        _client.Timeout = TimeSpan.FromSeconds(30);
        return new FaultRun(_app, _client);
    }

    private string DatabasePath => new SqliteConnectionStringBuilder(_app.Services.GetRequiredService<DatabaseSettings>().ConnectionString).DataSource;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_mount is not null)
        {
            SqliteConnection.ClearAllPools();
            Run("umount", "-l " + _mount);
        }
    }

    [Fact]
    public async Task AnotherProcessHoldingTheWriteLockFor15Seconds()
    {
        if (!Run("sqlite3", "-version")) Assert.Skip("the sqlite3 command-line shell is not installed (apt-get install sqlite3)");
        var run = Start();
        await run.SendAsync("warm");

        await run.DriveAsync(async () =>
        {
            // A separate process takes SQLite's write lock (BEGIN IMMEDIATE) and keeps it for 15 s, and on until a command
            // has been refused (at most 60 s): SQLite's busy wait counts the sleeps it asked for, so on a loaded machine its
            // 10 s took 15 s of wall clock and a command waiting for the lock got it when the holder let go (seen in CI).
            var release = DatabasePath + ".release";
            using var holder = Process.Start(new ProcessStartInfo("sqlite3", DatabasePath) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
            // .timeout: wait for the app's own commit to end instead of failing at once; .bail: "locked" only once it is held.
            await holder.StandardInput.WriteAsync(".bail on\n.timeout 20000\nBEGIN IMMEDIATE;\nSELECT 'locked';\n"
                + $".shell while [ ! -e '{release}' ]; do sleep 0.1; done\nROLLBACK;\n.quit\n");
            holder.StandardInput.Close();
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync(Ct));
            await Task.Delay(TimeSpan.FromSeconds(15), Ct);
            var until = DateTime.UtcNow.AddSeconds(45);
            while (!Refused() && DateTime.UtcNow < until) await Task.Delay(200, Ct);
            await File.WriteAllTextAsync(release, "", Ct);
            await holder.WaitForExitAsync(Ct);
        }, Ct);

        var lost = await run.AssertRecoveredAsync(Ct);
        Assert.Contains(run.Answers, RefusedAsLocked);
        FaultReport.Row("2-locked", "another process holds SQLite's write lock for 15 s (longer until a command is refused)", run.WhatTheUserSaw(), lost, run.Recovery);

        bool Refused()
        {
            lock (run.Answers) return run.Answers.Any(RefusedAsLocked);
        }

        static bool RefusedAsLocked(FaultAnswer a) => a.Status == 503 && a.Detail!.Contains("locked by another process");
    }

    [Fact]
    public async Task TheDatabaseFileReadOnlyFor10Seconds()
    {
        var run = Start();
        await run.SendAsync("warm");
        var files = new[] { DatabasePath, DatabasePath + "-wal" };
        // The -shm file stays writable: SQLite maps it, and a read-only mapping ends the process with SIGBUS.
        if (!Run("chattr", "+i " + string.Join(' ', files.Select(f => $"\"{f}\""))))
            Assert.Skip("chattr +i is not available here (needs root and a file system with the immutable flag)");
        Run("chattr", "-i " + string.Join(' ', files.Select(f => $"\"{f}\"")));

        await run.DriveAsync(async () =>
        {
            Assert.True(Run("chattr", "+i " + string.Join(' ', files.Select(f => $"\"{f}\""))));
            try { await Task.Delay(TimeSpan.FromSeconds(10), Ct); }
            // The fault must end for the recovery to mean anything: a failed chattr -i would look like a server that never recovers.
            finally { Assert.True(Run("chattr", "-i " + string.Join(' ', files.Select(f => $"\"{f}\""))), "chattr -i failed: the files are still immutable"); }
        }, Ct);

        var lost = await run.AssertRecoveredAsync(Ct);
        Assert.Contains(run.Answers, a => a.Status == 503);
        FaultReport.Row("1-read-only", "the database file (and its WAL) read-only for 10 s (chattr +i)", run.WhatTheUserSaw(), lost, run.Recovery);
    }

    [Fact]
    public async Task TheDiskFullThenSpaceFreed()
    {
        _mount = Path.Combine(Path.GetTempPath(), "blazores-full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_mount);
        if (!Run("mount", $"-t tmpfs -o size=24m tmpfs {_mount}"))
        {
            _mount = null;
            Assert.Skip("mounting a small tmpfs needs root (the disk-full fault runs in .ci/run as root)");
        }
        var run = Start(_mount);
        for (var i = 0; i < 5; i++) await run.SendAsync("warm");
        var filler = Path.Combine(_mount, "filler");

        await run.DriveAsync(async () =>
        {
            await FillAsync(filler);
            try
            {
                // Full until commands notice (the WAL grows into the last free pages first), then a few seconds more.
                var until = DateTime.UtcNow.AddSeconds(30);
                while (!run.Answers.Any(a => a.Status == 503) && DateTime.UtcNow < until) await Task.Delay(200, Ct);
                await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            }
            finally
            {
                File.Delete(filler);
            }
        }, Ct);

        var lost = await run.AssertRecoveredAsync(Ct);
        Assert.Contains(run.Answers, a => a.Status == 503 && a.Detail!.Contains("full"));
        FaultReport.Row("3-disk-full", "the disk holding the database full (24 MB tmpfs filled), then space freed", run.WhatTheUserSaw(), lost, run.Recovery);
    }

    /// <summary>Writes until the file system refuses another byte.</summary>
    private static async Task FillAsync(string path)
    {
        var block = new byte[64 * 1024];
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        for (var size = block.Length; size >= 1; size /= 2)
        {
            try
            {
                while (!Ct.IsCancellationRequested) await file.WriteAsync(block.AsMemory(0, size), Ct);
            }
            catch (IOException)
            {
                // full at this size: try the rest of the space with smaller writes
            }
        }
    }

    private static bool Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
