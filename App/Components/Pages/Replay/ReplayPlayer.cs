namespace BlazorEs.App.Components.Pages.Replay;

/// <summary>
/// Plays history forward at a chosen number of events per second. It ticks at most five times a second and each
/// tick waits for the previous replay, so a fast speed moves further per tick instead of queueing replays.
/// </summary>
public sealed class ReplayPlayer : IDisposable
{
    private CancellationTokenSource? _running;

    public int Speed { get; set; } = 5;

    public bool Playing => _running is not null;

    public void Start(Func<long, Task> advance)
    {
        Stop();
        var running = _running = new CancellationTokenSource();
        _ = RunAsync(advance, running.Token);
    }

    public void Stop()
    {
        _running?.Cancel();
        _running?.Dispose();
        _running = null;
    }

    private async Task RunAsync(Func<long, Task> advance, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var interval = TimeSpan.FromMilliseconds(Math.Max(200, 1000.0 / Speed));
            try { await Task.Delay(interval, ct); } catch (TaskCanceledException) { return; }
            await advance((long)Math.Max(1, Math.Round(Speed * interval.TotalSeconds)));
        }
    }

    public void Dispose() => Stop();
}
