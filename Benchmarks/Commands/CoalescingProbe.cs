using System.Diagnostics.Metrics;

namespace BlazorEs.Benchmarks.Commands;

/// <summary>
/// Listens to the writer's and the read side's histograms while commands run: how many commands share a group commit
/// (one fsync) and how many events share a read-side commit (one catch-up round).
/// </summary>
internal sealed class CoalescingProbe : IDisposable
{
    private const string BatchCommands = "blazores.append.batch.commands";
    private const string CommitEvents = "blazores.projections.commit.events";
    private readonly MeterListener _listener = new();
    private long _batches, _commands, _commits, _events;

    public CoalescingProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is BatchCommands or CommitEvents) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == BatchCommands)
            {
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _commands, value);
            }
            else
            {
                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _events, value);
            }
        });
        _listener.Start();
    }

    public double CommandsPerGroupCommit => _batches == 0 ? 0 : (double)_commands / _batches;

    public double EventsPerReadSideCommit => _commits == 0 ? 0 : (double)_events / _commits;

    public void Dispose() => _listener.Dispose();
}
