using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace BlazorEs.App.Tests.Telemetry;

/// <summary>Draws exported spans as a waterfall (one bar per span, indented by depth): the README's picture of a trace.</summary>
internal static class TraceSvg
{
    public static void Write(IReadOnlyList<Activity> spans, string path)
    {
        var start = spans.Min(s => s.StartTimeUtc);
        var end = spans.Max(s => s.StartTimeUtc + s.Duration);
        var total = Math.Max((end - start).TotalMilliseconds, 0.001);
        var ordered = spans.OrderBy(s => s.StartTimeUtc).ToList();
        const int left = 260, width = 560, row = 26;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + width + 90}\" height=\"{ordered.Count * row + 40}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"8\" y=\"16\" font-weight=\"bold\">trace {ordered[0].TraceId} · {total:F1} ms</text>");
        for (var i = 0; i < ordered.Count; i++)
        {
            var s = ordered[i];
            var depth = Depth(s, ordered);
            var x = left + (s.StartTimeUtc - start).TotalMilliseconds / total * width;
            var w = Math.Max(2, s.Duration.TotalMilliseconds / total * width);
            var y = 28 + i * row;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{8 + depth * 14}\" y=\"{y + 14}\">{WebUtility.HtmlEncode(s.DisplayName)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F1}\" y=\"{y + 3}\" width=\"{w:F1}\" height=\"16\" rx=\"3\" fill=\"{Colour(depth)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + w + 4:F1}\" y=\"{y + 15}\" fill=\"#555\">{s.Duration.TotalMilliseconds:F1} ms</text>");
        }
        svg.Append("</svg>");
        File.WriteAllText(path, svg.ToString());
    }

    private static int Depth(Activity span, List<Activity> all)
    {
        var depth = 0;
        for (var parent = all.FirstOrDefault(p => p.SpanId == span.ParentSpanId); parent is not null; parent = all.FirstOrDefault(p => p.SpanId == parent.ParentSpanId))
            depth++;
        return depth;
    }

    private static string Colour(int depth) => (depth % 5) switch { 0 => "#3f51b5", 1 => "#009688", 2 => "#ff9800", 3 => "#9c27b0", _ => "#607d8b" };
}
