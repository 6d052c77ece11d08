namespace BlazorEs.Infrastructure.Limits;

/// <summary>What kind of expensive work a <see cref="WorkGates"/> slot is for.</summary>
public enum WorkKind
{
    Replay,
    Verification,
    Export,
}

/// <summary>
/// Counted slots for the expensive work of this instance (replays, verifications, exports), from any caller: the
/// HTTP API, a circuit, a background job. A caller waits at most <see cref="WorkLimits.WaitSeconds"/> for a slot, then
/// gets <see cref="ServerBusyException"/> — one request can no longer make the server do unbounded work in parallel.
/// </summary>
public sealed class WorkGates(WorkLimits limits)
{
    private readonly SemaphoreSlim _replays = new(limits.Replays, limits.Replays);
    private readonly SemaphoreSlim _verifications = new(limits.Verifications, limits.Verifications);
    private readonly SemaphoreSlim _exports = new(limits.Exports, limits.Exports);

    /// <summary>Takes a slot (waiting at most the configured time); dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(WorkKind kind, CancellationToken ct) =>
        await TryEnterAsync(kind, TimeSpan.FromSeconds(limits.WaitSeconds), ct)
        ?? throw new ServerBusyException($"Every {Describe(kind)} slot of this server is busy ({Capacity(kind)} at once); try again shortly.", TimeSpan.FromSeconds(Math.Max(1, limits.WaitSeconds)));

    /// <summary>Waits for a slot without a limit (a queued background job); null only when cancelled.</summary>
    public async Task<IDisposable> WaitAsync(WorkKind kind, CancellationToken ct) =>
        (await TryEnterAsync(kind, Timeout.InfiniteTimeSpan, ct))!;

    public int Capacity(WorkKind kind) => kind switch
    {
        WorkKind.Replay => limits.Replays,
        WorkKind.Verification => limits.Verifications,
        _ => limits.Exports,
    };

    private async Task<IDisposable?> TryEnterAsync(WorkKind kind, TimeSpan wait, CancellationToken ct)
    {
        var gate = kind switch { WorkKind.Replay => _replays, WorkKind.Verification => _verifications, _ => _exports };
        return await gate.WaitAsync(wait, ct) ? new Slot(gate) : null;
    }

    private static string Describe(WorkKind kind) => kind switch
    {
        WorkKind.Replay => "replay",
        WorkKind.Verification => "verification",
        _ => "export",
    };

    private sealed class Slot(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
