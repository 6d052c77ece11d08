using System.Diagnostics;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>Events applied per second over the last ten seconds (the projection status's rate).</summary>
internal sealed class EventRate
{
    private readonly Queue<(long Ticks, int Count)> _samples = new();
    private readonly Lock _gate = new();

    public void Add(int count)
    {
        lock (_gate)
        {
            _samples.Enqueue((Stopwatch.GetTimestamp(), count));
            Trim();
        }
    }

    public double PerSecond()
    {
        lock (_gate)
        {
            Trim();
            return _samples.Sum(s => s.Count) / 10.0;
        }
    }

    private void Trim()
    {
        var oldest = Stopwatch.GetTimestamp() - 10 * Stopwatch.Frequency;
        while (_samples.Count > 0 && _samples.Peek().Ticks < oldest) _samples.Dequeue();
    }
}
