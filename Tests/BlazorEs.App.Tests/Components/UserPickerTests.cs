using AngleSharp.Dom;
using BlazorEs.App.Components.Layout;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Commands;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Components;

public sealed class UserPickerTests
{
    [Fact]
    public async Task ShowsACaptionAndALabelledSelect_AndPickingAUserActsAsThem()
    {
        await using var console = await ConsoleContext.StartAsync();
        var cut = console.Render<UserPicker>();

        Assert.Equal("Acting as", cut.Find(".user-picker-label").TextContent.Trim());
        var picker = cut.Find("[data-testid=user-picker]");
        Assert.Equal("anonymous", picker.TextContent.Trim());
        Assert.Equal("Acting as user", picker.GetAttribute("aria-label"));

        await cut.Find(".user-picker-select").MouseDownAsync(new());
        IElement? bob = null;
        await cut.WaitForAssertionAsync(() =>
        {
            bob = cut.FindAll(".mud-popover-open .mud-list-item").FirstOrDefault(i => i.TextContent.Trim() == "bob");
            Assert.NotNull(bob);
        });
        await bob!.ClickAsync(new());

        await cut.WaitForAssertionAsync(() => Assert.Equal("bob", console.Services.GetRequiredService<CurrentUser>().Name));
    }
}
