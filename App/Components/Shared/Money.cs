using System.Globalization;

namespace BlazorEs.App.Components.Shared;

/// <summary>How the console writes amounts and counts: the same on every machine, whatever its culture.</summary>
public static class Money
{
    public static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Format(decimal amount) => amount.ToString("#,0.00", Culture);

    public static string Count(long count) => count.ToString("#,0", Culture);
}
