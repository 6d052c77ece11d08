namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// What a live projection's Apply writes through: its hot rows (<see cref="HotRows{TRow}"/>). Remembers which keys
/// changed since the last commit, and can undo the changes of the event being applied if its Apply throws, so a
/// failing event leaves no half-applied rows. A lookup of a row not held throws <see cref="RowNotHeldException"/>.
/// </summary>
internal sealed class TrackingRowStore<TRow>(HotRows<TRow> rows) : IRowStore<TRow> where TRow : class, IReadModelRow
{
    private readonly Dictionary<string, (bool Known, TRow? Row)> _undo = new(StringComparer.Ordinal);

    public HashSet<string> Dirty { get; } = new(StringComparer.Ordinal);

    public TRow? Find(string key) => rows.TryFind(key, out var row) ? row : throw new RowNotHeldException(key);

    public void Put(TRow row)
    {
        Remember(row.Key);
        rows.Put(row);
    }

    public void Remove(string key)
    {
        Remember(key);
        rows.Remove(key);
    }

    /// <summary>A live projection reads its rows by key: the table may hold more than memory does.</summary>
    public IEnumerable<TRow> All() =>
        throw new NotSupportedException("A live projection's Apply reads its rows by key (Find); the live table may hold more rows than memory.");

    public void BeginEvent() => _undo.Clear();

    public void UndoEvent()
    {
        foreach (var (key, (known, previous)) in _undo)
        {
            if (!known) rows.Forget(key);
            else if (previous is null) rows.Remove(key);
            else rows.Put(previous);
        }
        _undo.Clear();
    }

    private void Remember(string key)
    {
        if (!_undo.ContainsKey(key)) _undo[key] = (rows.TryFind(key, out var previous), previous);
        Dirty.Add(key);
    }
}
