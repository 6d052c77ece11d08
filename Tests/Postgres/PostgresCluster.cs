using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BlazorEs.Tests.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster of Debian's packaged binaries (initdb + pg_ctl) in a temp folder, on a free loopback
/// port. Durable (the benchmark's): fsync on, synchronous_commit=on; not durable (the tests'): fsync and
/// synchronous_commit off, the same SQL and locking, without waiting for the disk. PostgreSQL refuses to run as root:
/// as root it runs as the postgres user (runuser, the folder chowned to it). Stopped and deleted on dispose. Installs
/// nothing itself (`apt-get install -y postgresql`). One source file shared by the benchmark and the test projects
/// (linked, not a project: Tests/ projects are all test executables); see <see cref="SharedPostgres"/> for the tests'.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgresUser;

    private PostgresCluster(string bin, string folder, int port, bool asPostgresUser)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    public string Version => Path.GetFileName(Path.GetDirectoryName(_bin)) ?? "?";

    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>The superuser's connection string to <paramref name="database"/> on this cluster (trust authentication, loopback only).</summary>
    public string ConnectionStringFor(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=32;Timeout=30";

    /// <summary>The newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")));
    }

    public static async Task<PostgresCluster> StartAsync(string bin, string folder, bool durable = true)
    {
        Directory.CreateDirectory(folder);
        var asPostgresUser = Environment.UserName == "root";
        var cluster = new PostgresCluster(bin, folder, FreePort(), asPostgresUser);
        if (asPostgresUser) await RunAsync("chown", ["-R", "postgres:postgres", folder]);
        var data = Path.Combine(folder, "data");
        await cluster.PgAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        var durability = durable ? "-c fsync=on -c synchronous_commit=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var options = $"-p {cluster.Port} -k {folder} -c listen_addresses=127.0.0.1 {durability} -c shared_buffers={(durable ? "256MB" : "64MB")} -c max_connections={(durable ? 50 : 300)}";
        await cluster.PgAsync("pg_ctl", ["-D", data, "-l", Path.Combine(folder, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "fast", "-w", "stop"]);
        }
        finally
        {
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }

    private Task PgAsync(string tool, string[] args) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
