namespace BlazorEs.App.Live;

/// <summary>Rows a view should reload: the changed keys, or everything when <see cref="All"/> is set.</summary>
public sealed record ChangedRows(IReadOnlySet<string> Keys, bool All)
{
    public bool Touches(string key) => All || Keys.Contains(key);
}

/// <summary>
/// A view's subscription to the read models it shows. Changes of the watched projections (and "*", the resync after a
/// reconnect) are handed over as one <see cref="ChangedRows"/> per projection group, at most once per window (250 ms):
/// a change after a quiet window is handed over at once, so an isolated command shows without waiting; changes that
/// follow within the window are gathered and handed over together at its end, so a burst of messages costs the view
/// two reloads, not one per message.
/// </summary>
public sealed class ReadModelWatch : IDisposable
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(250);
    public const string Everything = "*";

    private readonly ILiveFeed _feed;
    private readonly HashSet<string> _projections;
    private readonly Func<IReadOnlyDictionary<string, ChangedRows>, Task> _onChanged;
    private readonly SendWindow _window;
    private readonly CancellationTokenSource _stopped = new();
    private readonly Lock _gate = new();
    private Dictionary<string, (HashSet<string> Keys, bool All)> _pending = new(StringComparer.Ordinal);
    private bool _scheduled;

    /// <param name="debounce">The window: at most one hand-over per window.</param>
    /// <param name="onChanged">Called off the render thread with the changes per watched projection; marshal with InvokeAsync.</param>
    public ReadModelWatch(ILiveFeed feed, IEnumerable<string> projections, Func<IReadOnlyDictionary<string, ChangedRows>, Task> onChanged, TimeSpan? debounce = null)
    {
        _feed = feed;
        _projections = projections.ToHashSet(StringComparer.Ordinal);
        _onChanged = onChanged;
        _window = new SendWindow(debounce ?? DefaultDebounce);
        _feed.ReadModelsChanged += OnChangedAsync;
    }

    private Task OnChangedAsync(IReadOnlyList<ReadModelChange> changes)
    {
        lock (_gate)
        {
            foreach (var change in changes)
            {
                if (change.Projection == Everything)
                {
                    foreach (var name in _projections) _pending[name] = ([], true);
                    continue;
                }
                if (!_projections.Contains(change.Projection)) continue;
                var (keys, all) = _pending.TryGetValue(change.Projection, out var existing) ? existing : ([], false);
                if (!all && !change.AllChanged) keys.UnionWith(change.Keys);
                _pending[change.Projection] = (all || change.AllChanged ? [] : keys, all || change.AllChanged);
            }
            if (_pending.Count == 0 || _scheduled) return Task.CompletedTask;
            _scheduled = true;
        }
        _ = FlushLaterAsync();
        return Task.CompletedTask;
    }

    private async Task FlushLaterAsync()
    {
        try
        {
            await _window.WaitAsync(_stopped.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        Dictionary<string, (HashSet<string> Keys, bool All)> batch;
        lock (_gate)
        {
            batch = _pending;
            _pending = new(StringComparer.Ordinal);
            _scheduled = false;
            _window.Sent();
        }
        if (batch.Count == 0 || _stopped.IsCancellationRequested) return;
        try
        {
            await _onChanged(batch.ToDictionary(p => p.Key, p => new ChangedRows(p.Value.Keys, p.Value.All), StringComparer.Ordinal));
        }
        catch (ObjectDisposedException)
        {
            // The view went away while the batch was waiting: nothing left to update.
        }
    }

    public void Dispose()
    {
        _feed.ReadModelsChanged -= OnChangedAsync;
        _stopped.Cancel();
    }
}
