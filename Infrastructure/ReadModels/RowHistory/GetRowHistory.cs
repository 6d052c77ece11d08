using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Projections;
using Mediator;

namespace BlazorEs.Infrastructure.ReadModels.RowHistory;

/// <summary>
/// "Why is this value what it is?": the events that changed one row of a keyed read model (a product's stock level or
/// low-stock alert, an order's summary), newest first, with the row before and after each. A page holds at most
/// <see cref="Limit"/> changes; <see cref="Before"/> (a position) asks for the changes made by events before it.
/// </summary>
public sealed record GetRowHistory(string ReadModel, string Key, long? Before = null, int Limit = GetRowHistory.DefaultLimit)
    : IQuery<RowHistoryPage>, IValidatable
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxKeyLength = 200;

    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(ReadModel)) errors[nameof(ReadModel)] = ["The read model is required."];
        if (string.IsNullOrWhiteSpace(Key)) errors[nameof(Key)] = ["The key is required."];
        else if (Key.Length > MaxKeyLength) errors[nameof(Key)] = [$"The key must be at most {MaxKeyLength} characters."];
        if (Limit is < 1 or > MaxLimit) errors[nameof(Limit)] = [$"limit must be an integer from 1 to {MaxLimit}."];
        if (Before is < 1) errors[nameof(Before)] = ["before must be a position of at least 1."];
        return errors;
    }
}

/// <summary>
/// Folds the one stream that makes the row (<see cref="IKeyedByStream"/>) with the projection's own Apply, from its
/// first event up to <c>before</c>, in chunks: the cost grows with the events of that stream before <c>before</c>
/// (a product's stream grows with every reservation), the memory with the page. Reads no read table and writes nothing.
/// </summary>
public sealed class GetRowHistoryHandler(ProjectionCatalog catalog, EventReader reader) : IQueryHandler<GetRowHistory, RowHistoryPage>
{
    private const int ChunkSize = 1000;

    public async ValueTask<RowHistoryPage> Handle(GetRowHistory query, CancellationToken cancellationToken)
    {
        var projection = catalog.TryGet(query.ReadModel, out var runner)
            ? runner.Projection
            : throw DomainException.NotFound($"There is no read model '{query.ReadModel}'. Read models with row history: {KeyedNames()}.");
        if (projection is not IKeyedByStream keyed)
            throw DomainException.NotFound(
                $"{projection.Name} has no rows of one stream's making (its figures add up every stream), so no row history. Read models with row history: {KeyedNames()}.");

        var stream = keyed.StreamOf(query.Key);
        var fold = new RowHistoryFold(projection.NewMemory(), query.Key, query.Before, query.Limit);
        var streamFound = false;
        for (long from = 1; ; from += ChunkSize)
        {
            var chunk = await reader.ReadStreamAsync(stream, from, from + ChunkSize - 1, cancellationToken);
            streamFound |= chunk.Count > 0;
            if (!chunk.All(fold.Apply) || chunk.Count < ChunkSize) break;
        }
        if (!streamFound || (query.Before is null && !fold.Changed))
            throw DomainException.NotFound($"There is no row '{query.Key}' in {projection.Name}: no event of {stream} made one.");

        var (entries, next) = fold.Page();
        return new RowHistoryPage(projection.Name, query.Key, stream, entries, next, fold.EventsRead);
    }

    private string KeyedNames() => string.Join(", ", catalog.All.Where(r => r.Projection is IKeyedByStream).Select(r => r.Name));
}
