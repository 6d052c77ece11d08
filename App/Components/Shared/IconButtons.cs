using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace BlazorEs.App.Components.Shared;

/// <summary>
/// A small icon button drawn as plain elements with MudBlazor's own classes (what MudIconButton with Size.Small draws),
/// for the buttons repeated on every row of a grid. A MudIconButton is two components (it and its MudIcon), and a
/// circuit keeps every component it renders on the server with two render-tree buffers each: a Products page of 25 rows
/// held 776 components per circuit (docs/benchmarks.md, scenario 12). Drawn by the row's own component, a button is no
/// component at all.
/// </summary>
internal static class IconButtons
{
    /// <summary>
    /// A row's history button ("why is this value what it is?", every signed-in role): the grids' row actions and the
    /// dashboard's stock table draw the same one. <paramref name="open"/> gets the row's key.
    /// </summary>
    public static void History(RenderTreeBuilder b, int region, IHandleEvent receiver, string key, Func<string, Task> open) =>
        Small(b, region, receiver, MudBlazor.Icons.Material.Filled.ManageHistory, "Why is it what it is? The events that made this row",
            $"History of {key}", $"history-{key}", disabled: false, () => open(key));

    /// <summary>
    /// One button in its own region (<paramref name="region"/>: distinct per button of the caller); <paramref name="open"/>
    /// runs on <paramref name="receiver"/>, which re-renders after it as with @onclick.
    /// </summary>
    public static void Small(RenderTreeBuilder b, int region, IHandleEvent receiver, string icon, string title, string label, string testId,
        bool disabled, Func<Task> open, bool error = false, bool success = false)
    {
#pragma warning disable ASP0006 // the caller's literal, distinct per button: each button is a region of its own
        b.OpenRegion(region);
#pragma warning restore ASP0006
        b.OpenElement(0, "button");
        b.AddAttribute(1, "type", "button");
        b.AddAttribute(2, "class", "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-size-small"
            + (error ? " mud-error-text hover:mud-error-hover" : success ? " mud-success-text hover:mud-success-hover" : ""));
        b.AddAttribute(3, "disabled", disabled);
        b.AddAttribute(4, "title", title);
        b.AddAttribute(5, "aria-label", label);
        b.AddAttribute(6, "data-testid", testId);
        b.AddAttribute(7, "onclick", EventCallback.Factory.Create(receiver, open));
        b.OpenElement(8, "span");
        b.AddAttribute(9, "class", "mud-icon-button-label");
        b.OpenElement(10, "svg");
        b.AddAttribute(11, "class", "mud-icon-root mud-svg-icon mud-icon-size-small");
        b.AddAttribute(12, "focusable", "false");
        b.AddAttribute(13, "viewBox", "0 0 24 24");
        b.AddAttribute(14, "aria-hidden", "true");
        b.AddMarkupContent(15, icon);
        b.CloseElement();
        b.CloseElement();
        b.CloseElement();
        b.CloseRegion();
    }
}
