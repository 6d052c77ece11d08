namespace BlazorEs.App.Limits;

/// <summary>One limit: at most <see cref="PermitLimit"/> requests per user (per IP when anonymous) in each window.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public double WindowSeconds { get; set; } = 10;
}

/// <summary>The "RateLimits" configuration section: per-user limits on commands and on the expensive reads.</summary>
public sealed class RateLimitSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>POSTs that write: commands, compensations, operator actions, starting a verification.</summary>
    public RateLimit Commands { get; set; } = new() { PermitLimit = 1000, WindowSeconds = 10 };

    /// <summary>GETs that replay or read history: /api/replay, /api/streams, /api/events, exports.</summary>
    public RateLimit ExpensiveReads { get; set; } = new() { PermitLimit = 100, WindowSeconds = 10 };

    public string? Validate()
    {
        foreach (var (name, limit) in new[] { ("Commands", Commands), ("ExpensiveReads", ExpensiveReads) })
        {
            if (limit.PermitLimit is < 1 or > 1_000_000) return $"RateLimits:{name}:PermitLimit must be between 1 and 1000000.";
            if (limit.WindowSeconds is < 0.1 or > 3600) return $"RateLimits:{name}:WindowSeconds must be between 0.1 and 3600.";
        }
        return null;
    }
}
