using System.Diagnostics;
using System.Net.Sockets;

namespace BlazorEs.App.Tests.Cluster.Processes;

/// <summary>
/// A real redis-server (Debian's package, installed by .ci/run) in a temp folder on a free loopback port, no
/// persistence; stopped with the test. <see cref="Find"/> is null where it is not installed.
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process _process;

    private RedisProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static string? Find() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public static async Task<RedisProcess> StartAsync(string folder)
    {
        var server = Find() ?? throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server).");
        var port = FreePort.Next();
        Directory.CreateDirectory(folder);
        var process = Process.Start(new ProcessStartInfo(server, ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", folder, "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new RedisProcess(process, port);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return redis;
            }
            catch (SocketException)
            {
                if (process.HasExited) break;
                await Task.Delay(50);
            }
        }
        await redis.DisposeAsync();
        throw new InvalidOperationException($"redis-server did not start on port {port}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
