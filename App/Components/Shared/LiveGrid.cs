using BlazorEs.App.Live;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using MudBlazor;

namespace BlazorEs.App.Components.Shared;

/// <summary>
/// What a live grid page does besides showing its rows: reloads the current page when its projection changes
/// (debounced), flashes the changed rows, goes back to the first page when the filter changes, and shows the
/// operator's own write at once after a command, live channel or not.
/// </summary>
public sealed class LiveGrid<T> : IDisposable
{
    private readonly string _projection;
    private readonly ReadModelWatch _watch;

    /// <param name="dispatch">The page's InvokeAsync: live changes arrive off the render thread.</param>
    public LiveGrid(ILiveFeed feed, string projection, Func<Func<Task>, Task> dispatch, Func<Task> rerender)
    {
        _projection = projection;
        Flashing = new FlashingRows(rerender);
        _watch = new ReadModelWatch(feed, [projection], changes => dispatch(async () =>
        {
            Flashing.Flash(changes[projection].Keys);
            await ReloadAsync();
        }));
    }

    /// <summary>Set by the page's <c>@ref</c>.</summary>
    public MudDataGrid<T>? Grid { get; set; }

    public FlashingRows Flashing { get; }

    public Task ReloadAsync() => Grid?.ReloadServerData() ?? Task.CompletedTask;

    /// <summary>After the search or a filter changed: page one of the new result.</summary>
    public async Task FirstPageAsync()
    {
        if (Grid is { CurrentPage: > 0 }) Grid.NavigateTo(Page.First);
        else await ReloadAsync();
    }

    /// <summary>Waits until the projection shows the command, then reloads and flashes the rows it wrote.</summary>
    public async Task ShowOwnWriteAsync(ReadYourWrites readYourWrites, CommitResult commit, Func<string, string?> keyOfStream)
    {
        await readYourWrites.WaitAsync(commit.LastPosition, [_projection], TimeSpan.FromSeconds(2), CancellationToken.None);
        Flashing.Flash(commit.Streams.Select(s => keyOfStream(s.StreamId)).OfType<string>());
        await ReloadAsync();
    }

    public void Dispose() => _watch.Dispose();
}
