using MudBlazor;

namespace BlazorEs.App.Components.Layout;

internal static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        // Status colours a shade darker than MudBlazor's defaults: white text on a filled chip and coloured text on white
        // both reach WCAG AA contrast (4.5:1), which the accessibility test checks with axe-core.
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00796b",
            AppbarBackground = "#283593",
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#b45309",
            Error = "#c62828",
            // Secondary text (who changed a row, captions) stays readable on a freshly changed row's highlight too.
            TextSecondary = "rgba(0,0,0,0.66)",
        },
        PaletteDark = new PaletteDark { Primary = "#7986cb", Secondary = "#4db6ac" },
    };
}
