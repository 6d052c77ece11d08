using MudBlazor;

namespace BlazorEs.App.Components.Shared;

public static class CommandDialogs
{
    /// <summary>Command dialogs: small, closed only by their buttons or Escape, so a click beside one loses no input.</summary>
    public static readonly DialogOptions Options = new()
    {
        MaxWidth = MaxWidth.Small,
        FullWidth = true,
        BackdropClick = false,
        CloseOnEscapeKey = true,
    };
}
