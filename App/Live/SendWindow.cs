using System.Diagnostics;

namespace BlazorEs.App.Live;

/// <summary>
/// At most one send per interval, without making an isolated change wait for a tick: the first send after a quiet
/// interval goes at once (leading edge); one that comes sooner waits for the rest of the interval and takes everything
/// gathered by then. Under steady load that is one send per interval, as a fixed tick would give.
/// </summary>
public sealed class SendWindow(TimeSpan interval)
{
    private long _lastSent;
    private bool _sentOnce;

    /// <summary>Completes when a send is allowed: at once after a quiet interval, else at the end of the current one.</summary>
    public Task WaitAsync(CancellationToken ct)
    {
        if (!_sentOnce) return Task.CompletedTask;
        var rest = interval - Stopwatch.GetElapsedTime(_lastSent);
        return rest > TimeSpan.Zero ? Task.Delay(rest, ct) : Task.CompletedTask;
    }

    public void Sent()
    {
        _lastSent = Stopwatch.GetTimestamp();
        _sentOnce = true;
    }
}
