using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Streams.Snapshots;
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

/// <summary>
/// The stream at <see cref="Version"/> (<see cref="State"/>), and its versions <see cref="HistoryFrom"/> to
/// <see cref="Version"/> with what each changed: at most <see cref="GetStreamAsOfHandler.HistoryVersions"/> of them,
/// the ones leading up to the version asked for (the whole stream is its history, /api/streams/{id}).
/// </summary>
public sealed record StreamAsOf(string StreamId, long Version, long CurrentVersion, AsOfKind Kind, string Description, string? State, StreamHistory History, long HistoryFrom);

/// <summary>
/// Answers from the stream's snapshots (<see cref="StreamStates"/>): the state before the listed versions comes from
/// the newest snapshot at or before it, so the cost is the listed versions and at most one snapshot interval, not the
/// stream's length.
/// </summary>
public sealed class GetStreamAsOfHandler(EventReader reader, StreamStates states) : IQueryHandler<GetStreamAsOf, StreamAsOf>
{
    public const int HistoryVersions = 100;

    public async ValueTask<StreamAsOf> Handle(GetStreamAsOf query, CancellationToken cancellationToken)
    {
        var current = await reader.StreamVersionAsync(query.StreamId, cancellationToken);
        if (current == 0) throw DomainException.NotFound($"Stream '{query.StreamId}' has no events.");

        long reached;
        AsOfKind kind;
        string description;
        if (query.Version is { } version)
        {
            reached = Math.Min(version, current);
            (kind, description) = version == 0 ? (AsOfKind.BeforeFirstEvent, "Version 0: before the stream's first event.")
                : version > current ? (AsOfKind.Future, $"Version {version} does not exist yet; this is the current state (version {current}).")
                : version == current ? (AsOfKind.Now, $"Version {version}: the current state.")
                : (AsOfKind.Historical, $"As of version {version}.");
        }
        else
        {
            var at = DateTime.SpecifyKind(query.At!.Value, DateTimeKind.Utc);
            reached = await reader.StreamVersionAtAsync(query.StreamId, at, cancellationToken);
            (kind, description) = reached == 0 ? (AsOfKind.BeforeFirstEvent, $"{at:u} is before the stream's first event.")
                : at > DateTime.UtcNow ? (AsOfKind.Future, $"{at:u} is in the future; this is the current state (version {current}).")
                : reached == current ? (AsOfKind.Now, $"As of {at:u}: the current state (version {current}).")
                : (AsOfKind.Historical, $"As of {at:u}: version {reached}.");
        }

        var from = Math.Max(0, reached - HistoryVersions);
        var history = await GetStreamHistoryHandler.FoldAsync(states, query.StreamId, from, reached, cancellationToken);
        return new StreamAsOf(query.StreamId, reached, current, kind, description, history.CurrentState, history, from + 1);
    }
}
