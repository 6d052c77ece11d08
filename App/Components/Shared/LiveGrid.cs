using BlazorEs.App.Live;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using MudBlazor;

namespace BlazorEs.App.Components.Shared;

/// <summary>
/// What a live grid page does besides showing its rows: when its projection changes (at most once per ReadModelWatch
/// window), patches the changed rows in place when they are all on the page and keep their place (<see cref="KeyedRows{T}"/>:
/// one keyed lookup and one render, no page query), else reloads the current page; flashes the changed rows; goes back
/// to the first page when the filter changes; and shows the operator's own write at once after a command, live channel
/// or not.
/// </summary>
public sealed class LiveGrid<T> : IDisposable
{
    private readonly string _projection;
    private readonly KeyedRows<T>? _keyed;
    private readonly Func<Task> _rerender;
    private readonly ReadModelWatch _watch;
    private int _loading;

    /// <param name="dispatch">The page's InvokeAsync: live changes arrive off the render thread.</param>
    /// <param name="keyed">How to patch changed rows in place; null: every change reloads the page.</param>
    public LiveGrid(ILiveFeed feed, string projection, Func<Func<Task>, Task> dispatch, Func<Task> rerender, KeyedRows<T>? keyed = null)
    {
        _projection = projection;
        _keyed = keyed;
        _rerender = rerender;
        Flashing = new FlashingRows(rerender);
        _watch = new ReadModelWatch(feed, [projection], changes => dispatch(() => RefreshAsync(changes[projection])));
    }

    /// <summary>Set by the page's <c>@ref</c>.</summary>
    public MudDataGrid<T>? Grid { get; set; }

    public FlashingRows Flashing { get; }

    /// <summary>
    /// The page's ServerData goes through here: the grid is handed a list a change can be patched into, and a patch
    /// never races a page load (the load could overwrite it with rows read before the change).
    /// </summary>
    public async Task<GridData<T>> ServeAsync(Func<Task<(IReadOnlyList<T> Items, int Total)>> load)
    {
        _loading++;
        try
        {
            var (items, total) = await load();
            return new GridData<T> { Items = items.ToList(), TotalItems = total };
        }
        finally
        {
            _loading--;
        }
    }

    public Task ReloadAsync() => Grid?.ReloadServerData() ?? Task.CompletedTask;

    /// <summary>After the search or a filter changed: page one of the new result.</summary>
    public async Task FirstPageAsync()
    {
        if (Grid is { CurrentPage: > 0 }) Grid.NavigateTo(Page.First);
        else await ReloadAsync();
    }

    /// <summary>Waits until the projection shows the command, then refreshes and flashes the rows it wrote.</summary>
    public async Task ShowOwnWriteAsync(ReadYourWrites readYourWrites, CommitResult commit, Func<string, string?> keyOfStream)
    {
        await readYourWrites.WaitAsync(commit.LastPosition, [_projection], TimeSpan.FromSeconds(2), CancellationToken.None);
        var keys = commit.Streams.Select(s => keyOfStream(s.StreamId)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        await RefreshAsync(new ChangedRows(keys, All: false));
    }

    /// <summary>On the render thread: patch the changed rows in place if that is all the change does to the page, else reload it.</summary>
    private async Task RefreshAsync(ChangedRows changed)
    {
        Flashing.Flash(changed.Keys);
        if (await TryPatchAsync(changed)) await _rerender();
        else await ReloadAsync();
    }

    private async Task<bool> TryPatchAsync(ChangedRows changed)
    {
        // The rows the grid shows now (the list ServeAsync handed it; a superseded load's rows are never shown).
        if (_keyed is null || _loading > 0 || Grid?.ServerItems is not List<T> rows) return false;
        var patch = await _keyed.PatchAsync(rows, changed);
        // A load that started meanwhile may hold rows read before this change: let a reload settle it.
        if (patch is null || _loading > 0 || !ReferenceEquals(rows, Grid.ServerItems)) return false;
        foreach (var (at, row) in patch) rows[at] = row;
        return true;
    }

    public void Dispose() => _watch.Dispose();
}
