using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Replay;
using Mediator;

namespace BlazorEs.Infrastructure.Streams;

/// <summary>One stream as of a version or a time: its state then, and each event up to there with what it changed.</summary>
public sealed record GetStreamAsOf(string StreamId, long? Version, DateTime? At) : IQuery<StreamAsOf>, IValidatable
{
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Version is null == At is null) errors["version"] = ["Give either a version or a time (at), not both and not neither."];
        if (Version < 0) errors["version"] = ["The version must be 0 or more."];
        return errors;
    }
}

public sealed record StreamAsOf(string StreamId, long Version, long CurrentVersion, AsOfKind Kind, string Description, string? State, StreamHistory History);

public sealed class GetStreamAsOfHandler(EventReader reader) : IQueryHandler<GetStreamAsOf, StreamAsOf>
{
    public async ValueTask<StreamAsOf> Handle(GetStreamAsOf query, CancellationToken cancellationToken)
    {
        var all = await reader.ReadStreamAsync(query.StreamId, ct: cancellationToken);
        if (all.Count == 0) throw DomainException.NotFound($"Stream '{query.StreamId}' has no events.");
        var current = all[^1].StreamVersion;

        IReadOnlyList<StoredEvent> upTo;
        AsOfKind kind;
        string description;
        if (query.Version is { } version)
        {
            upTo = all.Where(e => e.StreamVersion <= version).ToList();
            (kind, description) = version == 0 ? (AsOfKind.BeforeFirstEvent, "Version 0: before the stream's first event.")
                : version > current ? (AsOfKind.Future, $"Version {version} does not exist yet; this is the current state (version {current}).")
                : version == current ? (AsOfKind.Now, $"Version {version}: the current state.")
                : (AsOfKind.Historical, $"As of version {version}.");
        }
        else
        {
            var at = DateTime.SpecifyKind(query.At!.Value, DateTimeKind.Utc);
            upTo = all.Where(e => e.RecordedAt <= at).ToList();
            (kind, description) = upTo.Count == 0 ? (AsOfKind.BeforeFirstEvent, $"{at:u} is before the stream's first event.")
                : at > DateTime.UtcNow ? (AsOfKind.Future, $"{at:u} is in the future; this is the current state (version {current}).")
                : upTo.Count == all.Count ? (AsOfKind.Now, $"As of {at:u}: the current state (version {current}).")
                : (AsOfKind.Historical, $"As of {at:u}: version {upTo[^1].StreamVersion}.");
        }

        var history = GetStreamHistoryHandler.Fold(query.StreamId, upTo);
        var reached = upTo.Count == 0 ? 0 : upTo[^1].StreamVersion;
        return new StreamAsOf(query.StreamId, reached, current, kind, description, history.CurrentState, history);
    }
}
