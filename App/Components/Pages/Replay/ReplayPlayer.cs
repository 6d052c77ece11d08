namespace BlazorEs.App.Components.Pages.Replay;

/// <summary>
/// Plays history forward at a chosen number of events per second. It ticks at most five times a second and each
/// tick waits for the previous replay, so a fast speed (or a slow replay) moves further per tick instead of queueing replays.
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
        // Steps are sized by the time that really passed (wait plus replay), so the chosen speed holds even when a replay is slow.
        var owed = 0.0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!ct.IsCancellationRequested)
        {
            var interval = TimeSpan.FromMilliseconds(Math.Max(200, 1000.0 / Speed));
            try { await Task.Delay(interval, ct); } catch (TaskCanceledException) { return; }
            owed += Speed * clock.Elapsed.TotalSeconds;
            clock.Restart();
            var step = Math.Max(1, (long)Math.Floor(owed));
            owed = Math.Max(0, owed - step);
            await advance(step);
        }
    }

    public void Dispose() => Stop();
}
