namespace BlazorEs.Infrastructure.ReadModels;

/// <summary>One page of a grid and how many rows there are in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize) : IRowCount
{
    int IRowCount.RowCount => Items.Count;
}

/// <summary>Paging and sorting every grid query shares; checked before the query runs.</summary>
public sealed record GridRequest(int PageNumber = 1, int PageSize = 25, string? SortBy = null, bool Descending = false, string? Search = null)
{
    public const int MaxPageSize = 500;

    /// <summary>So that (page - 1) × pageSize never overflows an int, whatever the page size.</summary>
    public const int MaxPageNumber = int.MaxValue / MaxPageSize;

    public void AddErrors(IDictionary<string, string[]> errors, IReadOnlyCollection<string> sortable)
    {
        if (PageNumber is < 1 or > MaxPageNumber) errors["page"] = [$"page must be between 1 and {MaxPageNumber}."];
        if (PageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        if (SortBy is not null && !sortable.Contains(SortBy, StringComparer.OrdinalIgnoreCase))
            errors["sortBy"] = [$"sortBy must be one of: {string.Join(", ", sortable)}."];
        if (Search is { Length: > 200 }) errors["search"] = ["search must be at most 200 characters."];
    }

    /// <summary>Rows before this page; computed in 64 bits and clamped, so a page past the end is empty, never an overflow.</summary>
    public int Skip => (int)Math.Min(int.MaxValue, Math.Max(0, ((long)PageNumber - 1) * PageSize));
}
