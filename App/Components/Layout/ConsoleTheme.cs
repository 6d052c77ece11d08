using MudBlazor;

namespace BlazorEs.App.Components.Layout;

internal static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3949ab", Secondary = "#00897b", AppbarBackground = "#283593" },
        PaletteDark = new PaletteDark { Primary = "#7986cb", Secondary = "#4db6ac" },
    };
}
