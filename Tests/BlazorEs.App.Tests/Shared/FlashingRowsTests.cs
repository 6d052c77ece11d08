using BlazorEs.App.Components.Shared;

namespace BlazorEs.App.Tests.Shared;

public sealed class FlashingRowsTests
{
    [Fact]
    public async Task AFlashedRow_CarriesTheClassForTheDurationThenLosesItAndTheViewRedraws()
    {
        var redrawn = new TaskCompletionSource();
        var rows = new FlashingRows(() => { redrawn.TrySetResult(); return Task.CompletedTask; }, TimeSpan.FromMilliseconds(100));

        rows.Flash(["A"]);

        Assert.Equal("row-flash", rows.ClassFor("A"));
        Assert.Equal("", rows.ClassFor("B"));
        await redrawn.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(rows.IsFlashing("A"));
    }
}
