namespace BlazorEs.Infrastructure.Projections;

/// <summary>A row of a read table, identified by one string key.</summary>
public interface IReadModelRow
{
    string Key { get; }
}

/// <summary>
/// The small storage a projection writes through. The live tables, a rebuild and the in-memory "as of" view all
/// implement it, so the same Apply code serves all three.
/// </summary>
public interface IRowStore<TRow> where TRow : class, IReadModelRow
{
    TRow? Find(string key);

    void Put(TRow row);

    void Remove(string key);

    /// <summary>Every row; projections that keep running totals use it rarely (e.g. to recount).</summary>
    IEnumerable<TRow> All();
}
