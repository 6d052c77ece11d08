using BlazorEs.App.Components.Layout;
using Bunit;
using MudBlazor;

namespace BlazorEs.App.Tests.Components;

/// <summary>The console's theme provider: what MudBlazor's renders, with one copy of each style block for every circuit.</summary>
public sealed class SharedThemeProviderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RendersExactlyWhatMudBlazorsThemeProviderRenders(bool dark)
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;

        var mud = context.Render<MudThemeProvider>(p => p.Add(t => t.Theme, ConsoleTheme.Theme).Add(t => t.IsDarkMode, dark));
        var shared = context.Render<SharedThemeProvider>(p => p.Add(t => t.Theme, ConsoleTheme.Theme).Add(t => t.IsDarkMode, dark));

        Assert.Contains("--mud-palette-primary", shared.Markup);
        Assert.Equal(mud.Markup, shared.Markup);
    }

    [Fact]
    public async Task ManyCircuitsSwitchingModesKeepOnlyTheDistinctBlocks()
    {
        for (var circuit = 0; circuit < 20; circuit++)
        {
            await using var context = new BunitContext();
            context.JSInterop.Mode = JSRuntimeMode.Loose;
            var provider = context.Render<SharedThemeProvider>(p => p.Add(t => t.Theme, ConsoleTheme.Theme));
            provider.Render(p => p.Add(t => t.IsDarkMode, true));
            provider.Render(p => p.Add(t => t.IsDarkMode, false));
            Assert.Contains("--mud-native-html-color-scheme: light", provider.Markup);
        }

        // The scrollbar, the light theme and the dark theme (other tests render the same console theme).
        Assert.InRange(SharedThemeProvider.SharedCount, 3, 3);
    }
}
