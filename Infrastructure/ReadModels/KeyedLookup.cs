namespace BlazorEs.Infrastructure.ReadModels;

/// <summary>
/// What a keyed lookup of read-model rows accepts: the rows a ReadModelsChanged names, which a live view looks up to
/// patch them in place instead of reloading its page.
/// </summary>
public static class KeyedLookup
{
    public const int MaxKeys = 100;

    public static IReadOnlyDictionary<string, string[]> Validate(IReadOnlyCollection<string>? keys, string name, string what)
    {
        var errors = new Dictionary<string, string[]>();
        if (keys is null) errors[name] = [$"{name} is required."];
        else if (keys.Count > MaxKeys) errors[name] = [$"At most {MaxKeys} {what} at a time."];
        return errors;
    }

    /// <summary>The keys once each, for an IN list.</summary>
    public static List<string> Distinct(IReadOnlyCollection<string> keys) => keys.Distinct(StringComparer.Ordinal).ToList();
}
