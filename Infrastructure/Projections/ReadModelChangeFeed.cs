namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// The one in-process sink of read-model changes. Each projection raises it right after its rows commit and before
/// its checkpoint moves, on the committing thread: the query cache starts a new generation, the live broadcaster
/// gathers the change for its next message. Listeners only take the change, never block.
/// </summary>
public sealed class ReadModelChangeFeed
{
    public event Action<ReadModelsChanged>? Changed;

    public void Raise(ReadModelsChanged change) => Changed?.Invoke(change);
}
