using Microsoft.AspNetCore.Components;

namespace BlazorEs.App.Components.Shared;

/// <summary>
/// When a row last changed and by whom (UTC: the event store's clock), drawn inline in the grid's cell — the markup a
/// MudText caption draws, not a component: a grid page of 25 rows held 25 LastChanged and 25 MudText components per
/// circuit, each with its two render-tree buffers (docs/benchmarks.md, scenario 12).
/// </summary>
internal static class LastChanged
{
    public static RenderFragment Of(DateTime at, string by) => b =>
    {
        b.OpenElement(0, "span");
        b.AddAttribute(1, "class", "last-changed");
        b.AddAttribute(2, "title", at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Money.Culture));
        b.AddContent(3, at.ToString("MM-dd HH:mm", Money.Culture));
        b.OpenElement(4, "span");
        b.AddAttribute(5, "class", "mud-typography mud-typography-caption d-inline mud-text-secondary ml-1");
        b.AddContent(6, by);
        b.CloseElement();
        b.CloseElement();
    };
}
