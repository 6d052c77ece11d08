using BlazorEs.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>
    /// The rows of <paramref name="table"/> whose <paramref name="keyProperty"/> is one of <paramref name="keys"/>: one
    /// primary-key lookup, in no particular order; keys without a row are left out.
    /// </summary>
    public static async Task<IReadOnlyList<TRow>> FindAsync<TRow>(StoreContextFactory factory, string table, string keyProperty, IReadOnlyCollection<string> keys, CancellationToken ct)
        where TRow : class
    {
        if (keys.Count == 0) return [];
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        await using var db = factory.CreateContext();
        return await db.Set<TRow>(table).AsNoTracking().Where(r => distinct.Contains(EF.Property<string>(r, keyProperty))).ToListAsync(ct);
    }
}
