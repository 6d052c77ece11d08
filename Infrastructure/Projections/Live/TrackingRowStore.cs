namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// Wraps the in-memory mirror of a live table: remembers which keys changed since the last commit, and can undo
/// the changes of the event being applied if its Apply throws, so a failing event leaves no half-applied rows.
/// </summary>
internal sealed class TrackingRowStore<TRow>(InMemoryRowStore<TRow> rows) : IRowStore<TRow> where TRow : class, IReadModelRow
{
    private readonly Dictionary<string, TRow?> _undo = new(StringComparer.Ordinal);

    public HashSet<string> Dirty { get; } = new(StringComparer.Ordinal);

    public TRow? Find(string key) => rows.Find(key);

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

    public IEnumerable<TRow> All() => rows.All();

    public void BeginEvent() => _undo.Clear();

    public void UndoEvent()
    {
        foreach (var (key, previous) in _undo)
        {
            if (previous is null) rows.Remove(key);
            else rows.Put(previous);
        }
        _undo.Clear();
    }

    private void Remember(string key)
    {
        _undo.TryAdd(key, rows.Find(key));
        Dirty.Add(key);
    }
}
