using System.Text.RegularExpressions;

namespace BlazorEs.App.Api;

/// <summary>
/// A caller may join its commands into one conversation with X-Correlation-Id, in a strict format only: a GUID or up to
/// 64 characters of [A-Za-z0-9._-] (a GUID's usual form is one of those). Nothing else is stored as given.
/// </summary>
internal static partial class CorrelationIds
{
    public const string Rule = "The correlation id must be a GUID or 1–64 characters of A–Z, a–z, 0–9, '.', '_' and '-'.";

    public static bool IsValid(string value) => Format().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex Format();
}
