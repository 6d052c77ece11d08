namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// A projection whose row under a key is made by the events of one stream alone: its Apply reads and writes that row
/// only for that stream's events, and nothing else it keeps feeds into the row. So the history of one row is a fold of
/// one stream with the projection's own Apply (GetRowHistory), not of the whole log. A projection whose rows add up
/// many streams (the dashboard's running totals) does not implement it.
/// </summary>
public interface IKeyedByStream
{
    /// <summary>The stream whose events make the row under <paramref name="key"/>.</summary>
    string StreamOf(string key);
}
