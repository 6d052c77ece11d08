using BlazorEs.App.Live;

namespace BlazorEs.App.Components.Shared;

/// <summary>
/// How a live view patches the rows a change names instead of reloading what it shows: each row's key, a keyed lookup of
/// the current rows, and whether a fresh row keeps its old row's place (the view's sort and filters would put it where
/// it is).
/// </summary>
public sealed record KeyedRows<T>(
    Func<T, string> KeyOf,
    Func<IReadOnlyCollection<string>, Task<IReadOnlyList<T>>> LookUp,
    Func<T, T, bool> StaysInPlace)
{
    /// <summary>Beyond this many changed rows a reload of the page costs no more than the lookup.</summary>
    public const int MaxKeys = 25;

    /// <summary>
    /// The replacements (index in <paramref name="shown"/> → fresh row) when patching is all the change can do to the
    /// view: every changed row is shown, still exists and keeps its place. Null when the view must reload instead: the
    /// change says "everything", names too many rows, or names a row that is not shown (it may be new, or enter the
    /// view), that is gone, or that moved; or the lookup failed (the reload's own query reports it on the view).
    /// </summary>
    public async Task<IReadOnlyDictionary<int, T>?> PatchAsync(IReadOnlyList<T> shown, ChangedRows changed)
    {
        if (changed.All || changed.Keys.Count > MaxKeys) return null;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < shown.Count; i++) index[KeyOf(shown[i])] = i;
        if (!changed.Keys.All(index.ContainsKey)) return null;
        if (changed.Keys.Count == 0) return new Dictionary<int, T>();

        Dictionary<string, T> fresh;
        try
        {
            fresh = (await LookUp(changed.Keys)).ToDictionary(KeyOf, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
        var patch = new Dictionary<int, T>();
        foreach (var key in changed.Keys)
        {
            var at = index[key];
            if (!fresh.TryGetValue(key, out var row) || !StaysInPlace(shown[at], row)) return null;
            patch[at] = row;
        }
        return patch;
    }
}
