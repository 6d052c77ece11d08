using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace BlazorEs.App.Components.Layout;

/// <summary>
/// <see cref="MudThemeProvider"/> with its style blocks shared by every circuit. MudBlazor builds the theme's CSS
/// variables as a new string of ~11,500 characters on every render, and each circuit's render trees keep their own
/// copies (the current render's and the previous one's): ~46 KB of every circuit's live heap (heap walks of 200
/// circuits, docs/benchmarks.md). The CSS is the same for every circuit in a mode, so each distinct block is kept once
/// and every render refers to that one string; the string just built is garbage at once.
/// Renders exactly what <see cref="MudThemeProvider"/> renders (SharedThemeProviderTests compares the two).
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    /// <summary>Light and dark of one theme, and the scrollbar: a handful. Past this (a theme that changes per render) the
    /// blocks are no longer kept, only rendered.</summary>
    private const int MaxShared = 16;

    // MudThemeProvider's own literal, between the scrollbar and the theme (hover effect of chart series).
    private const string ChartStyles = "<style>\n    .mud-chart-serie:hover {\n        filter: url(#lighten);\n    }\n\n    .mud-chart-serie-hovered \n    {\n        filter: url(#lighten);\n    }\n</style>\n\n";

    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);

    /// <summary>How many distinct style blocks are kept (for tests: it must not grow with circuits or renders).</summary>
    internal static int SharedCount => Shared.Count;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (!DefaultScrollbar) builder.AddContent(0, (MarkupString)Share(BuildMudBlazorScrollbar()));
        builder.AddMarkupContent(1, ChartStyles);
        builder.AddContent(2, (MarkupString)Share(BuildTheme()));
    }

    private static string Share(string block) =>
        Shared.TryGetValue(block, out var shared) ? shared
        : Shared.Count < MaxShared ? Shared.GetOrAdd(block, block)
        : block;
}
