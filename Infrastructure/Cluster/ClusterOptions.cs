using System.Diagnostics;

namespace BlazorEs.Infrastructure.Cluster;

/// <summary>The "Cluster" configuration section: who this instance is and how the projector's lease behaves.</summary>
public sealed class ClusterOptions
{
    /// <summary>This instance's name in the lease and in /api/cluster; by default the machine, the process and a random tail.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..4]}";

    /// <summary>False: this instance never takes the projector's lease (it serves commands, queries and live push only).</summary>
    public bool Projector { get; set; } = true;

    /// <summary>How long a lease lasts without renewal: the longest an instance that died keeps the projector role.</summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often instances that do not project read the stored checkpoints (read-your-writes, live changes without Redis).</summary>
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The longest a clean shutdown waits for the database to record that this instance gave the lease up (and left
    /// the instance list): a database that does not answer must not hang the stop; the lease then lapses on its own.
    /// </summary>
    public TimeSpan ReleaseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The holder renews three times per timeout, so one slow renewal never loses the lease.</summary>
    public TimeSpan RenewEvery => LeaseTimeout / 3;

    /// <summary>An instance not seen for this long is left out of /api/cluster.</summary>
    public TimeSpan InstanceGone => LeaseTimeout * 3;

    /// <summary>The build's version, with the commit shortened: "1.0.0+80c3d99".</summary>
    public static string Version { get; } =
        FileVersionInfo.GetVersionInfo(typeof(ClusterOptions).Assembly.Location).ProductVersion is { } v
            ? (v.IndexOf('+') is var plus and > 0 && v.Length > plus + 8 ? v[..(plus + 8)] : v)
            : "unknown";

    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(InstanceId) || InstanceId.Length > 100) return "Cluster:InstanceId must be 1 to 100 characters.";
        if (LeaseTimeout < TimeSpan.FromSeconds(1) || LeaseTimeout > TimeSpan.FromMinutes(10)) return "Cluster:LeaseTimeout must be between 1 second and 10 minutes.";
        if (FollowInterval < TimeSpan.FromMilliseconds(20) || FollowInterval > TimeSpan.FromMinutes(1)) return "Cluster:FollowInterval must be between 20 ms and 1 minute.";
        if (ReleaseTimeout < TimeSpan.FromMilliseconds(100) || ReleaseTimeout > TimeSpan.FromMinutes(1)) return "Cluster:ReleaseTimeout must be between 100 ms and 1 minute.";
        return null;
    }
}
