namespace BlazorEs.App.Components.Shared;

/// <summary>
/// Which rows of a view just changed: they carry the <c>row-flash</c> class for as long as the animation runs, then
/// lose it (so the next change can flash them again). <paramref name="rerender"/> redraws the view when they expire.
/// </summary>
public sealed class FlashingRows(Func<Task> rerender, TimeSpan? duration = null)
{
    public const string CssClass = "row-flash";
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMilliseconds(1700);

    private readonly TimeSpan _duration = duration ?? DefaultDuration;
    private readonly Dictionary<string, long> _until = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Flash(IEnumerable<string> keys)
    {
        var until = Environment.TickCount64 + (long)_duration.TotalMilliseconds;
        var any = false;
        lock (_gate)
        {
            foreach (var key in keys)
            {
                _until[key] = until;
                any = true;
            }
        }
        if (any) _ = ExpireLaterAsync();
    }

    public bool IsFlashing(string key)
    {
        lock (_gate) return _until.TryGetValue(key, out var until) && until > Environment.TickCount64;
    }

    /// <summary>The CSS class for a row: <c>row-flash</c> while it is flashing, else empty.</summary>
    public string ClassFor(string key) => IsFlashing(key) ? CssClass : "";

    private async Task ExpireLaterAsync()
    {
        await Task.Delay(_duration + TimeSpan.FromMilliseconds(50));
        lock (_gate)
        {
            var now = Environment.TickCount64;
            foreach (var key in _until.Where(p => p.Value <= now).Select(p => p.Key).ToList()) _until.Remove(key);
        }
        try
        {
            await rerender();
        }
        catch (ObjectDisposedException)
        {
            // The view is gone; nothing to redraw.
        }
    }
}
