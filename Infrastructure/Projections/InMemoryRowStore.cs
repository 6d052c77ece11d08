namespace BlazorEs.Infrastructure.Projections;

/// <summary>Rows held in memory: rebuild verification, consistency checks and the replay "as of" view.</summary>
public sealed class InMemoryRowStore<TRow> : IRowStore<TRow> where TRow : class, IReadModelRow
{
    private readonly Dictionary<string, TRow> _rows;

    public InMemoryRowStore() => _rows = new Dictionary<string, TRow>(StringComparer.Ordinal);

    public InMemoryRowStore(IEnumerable<TRow> rows) => _rows = rows.ToDictionary(r => r.Key, StringComparer.Ordinal);

    public int Count => _rows.Count;

    public TRow? Find(string key) => _rows.GetValueOrDefault(key);

    public void Put(TRow row) => _rows[row.Key] = row;

    public void Remove(string key) => _rows.Remove(key);

    public IEnumerable<TRow> All() => _rows.Values;

    public InMemoryRowStore<TRow> Copy() => new(_rows.Values);
}
