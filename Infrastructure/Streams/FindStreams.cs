using BlazorEs.Domain;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using Mediator;

namespace BlazorEs.Infrastructure.Streams;

/// <summary>
/// Stream ids for a picker: those starting with <see cref="Prefix"/>; a bare key ("ABC") also finds
/// "product-ABC…" and "order-ABC…".
/// </summary>
public sealed record FindStreams(string Prefix, int Limit = 20) : IQuery<IReadOnlyList<string>>, IValidatable
{
    public const int MaxLimit = 200;

    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Limit is < 1 or > MaxLimit) errors["limit"] = [$"Ask for 1 to {MaxLimit} stream ids."];
        if (Prefix is null || Prefix.Length > 200) errors["prefix"] = ["The prefix must be at most 200 characters."];
        return errors;
    }
}

public sealed class FindStreamsHandler(EventReader reader) : IQueryHandler<FindStreams, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(FindStreams query, CancellationToken cancellationToken)
    {
        var prefix = query.Prefix.Trim();
        var found = new List<string>(await reader.FindStreamIdsAsync(prefix, query.Limit, cancellationToken));
        if (prefix.Length == 0 || prefix.StartsWith(StreamIds.ProductPrefix, StringComparison.Ordinal)
            || prefix.StartsWith(StreamIds.OrderPrefix, StringComparison.Ordinal)) return found;
        foreach (var kind in new[] { StreamIds.ProductPrefix, StreamIds.OrderPrefix })
        {
            if (found.Count >= query.Limit) break;
            var more = await reader.FindStreamIdsAsync(kind + prefix, query.Limit - found.Count, cancellationToken);
            found.AddRange(more.Where(id => !found.Contains(id, StringComparer.Ordinal)));
        }
        return found;
    }
}
