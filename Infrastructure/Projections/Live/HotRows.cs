using System.Runtime.InteropServices;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// A live projection's rows in memory, bounded (issue 17): the rows its Apply used lately, the table being the truth.
/// A table that fits in <see cref="Capacity"/> is held whole (<see cref="Complete"/>: a key not held has no row, as
/// before). A bigger one is held in part: a key not held is not known, Apply's lookup says so
/// (<see cref="RowNotHeldException"/>) and the projection's keeper loads the row and applies that event again. After
/// each commit the least recently used rows beyond <see cref="Capacity"/> are let go (never the batch's own: they
/// are committed by then), so memory no longer grows with the history.
/// </summary>
internal sealed class HotRows<TRow> where TRow : class, IReadModelRow
{
    // A trim lets go down to Capacity once the rows held pass it by a quarter: one sort per Capacity / 4 new rows.
    private const int SlackDivisor = 4;

    private readonly Dictionary<string, Entry> _rows = new(StringComparer.Ordinal);
    private long _clock;

    private HotRows(int capacity, bool complete)
    {
        Capacity = capacity;
        Complete = complete;
    }

    public int Capacity { get; }

    /// <summary>Every row of the table is held: a key not held has no row.</summary>
    public bool Complete { get; private set; }

    /// <summary>Rows held, with the keys known to have none.</summary>
    public int Count => _rows.Count;

    /// <summary>
    /// The rows read from the table, at most <paramref name="capacity"/> + 1 of them: all of them when there are no
    /// more than <paramref name="capacity"/> (complete), else the first <paramref name="capacity"/>.
    /// </summary>
    public static HotRows<TRow> Of(IEnumerable<TRow> rows, int capacity)
    {
        var taken = rows.Take(capacity + 1).ToList();
        var hot = new HotRows<TRow>(capacity, complete: taken.Count <= capacity);
        foreach (var row in taken.Take(capacity)) hot.Set(row.Key, row);
        return hot;
    }

    /// <summary>Whether the row under <paramref name="key"/> is known, and it (null: known to have none).</summary>
    public bool TryFind(string key, out TRow? row)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_rows, key);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
        {
            entry.Used = ++_clock;
            row = entry.Row;
            return true;
        }
        row = null;
        return Complete;
    }

    public void Put(TRow row) => Set(row.Key, row);

    public void Remove(string key) => Set(key, null);

    /// <summary>What the table holds under <paramref name="key"/>, read after a <see cref="RowNotHeldException"/>.</summary>
    public void Loaded(string key, TRow? row) => Set(key, row);

    /// <summary>Back to not known (an event that touched a key not held was undone).</summary>
    public void Forget(string key) => _rows.Remove(key);

    /// <summary>After a commit: lets the least recently used rows go once more than a quarter over <see cref="Capacity"/>.</summary>
    public void Trim()
    {
        if (_rows.Count <= Capacity + Capacity / SlackDivisor) return;
        var byUse = new (long Used, string Key)[_rows.Count];
        var i = 0;
        foreach (var (key, entry) in _rows) byUse[i++] = (entry.Used, key);
        Array.Sort(byUse, (a, b) => a.Used.CompareTo(b.Used));
        for (var j = 0; j < byUse.Length - Capacity; j++) _rows.Remove(byUse[j].Key);
        Complete = false;
    }

    private void Set(string key, TRow? row) => _rows[key] = new Entry(row, ++_clock);

    private record struct Entry(TRow? Row, long Used);
}

/// <summary>Apply looked up a row that is neither held in memory nor known to be absent: load it and apply the event again.</summary>
internal sealed class RowNotHeldException(string key) : Exception($"The row '{key}' is not held in memory.")
{
    public string Key { get; } = key;
}
