using System.Runtime.CompilerServices;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>
/// The one in-process sink of read-model changes. Each projection raises it right after its rows commit and before
/// its checkpoint moves, on the committing thread: the query cache starts a new generation, the live broadcaster
/// gathers the change for its next message. Listeners only take the change, never block.
/// </summary>
public sealed class ReadModelChangeFeed
{
    private readonly AsyncLocal<StrongBox<bool>?> _together = new();

    public event Action<ReadModelsChanged>? Changed;

    /// <summary>
    /// After the changes of one commit were all raised: once after a lone change, once at the end of a
    /// <see cref="Together"/> scope that raised any. The live broadcaster sends on it, so the projections one round
    /// committed go out in one message, at once.
    /// </summary>
    public event Action? Settled;

    public void Raise(ReadModelsChanged change)
    {
        Changed?.Invoke(change);
        if (_together.Value is { } raised) raised.Value = true;
        else Settled?.Invoke();
    }

    /// <summary>Changes raised in this flow until the scope ends settle together, when it ends.</summary>
    public IDisposable Together()
    {
        var outer = _together.Value;
        var raised = new StrongBox<bool>();
        _together.Value = raised;
        return new Scope(this, outer, raised);
    }

    private sealed class Scope(ReadModelChangeFeed feed, StrongBox<bool>? outer, StrongBox<bool> raised) : IDisposable
    {
        public void Dispose()
        {
            feed._together.Value = outer;
            if (!raised.Value) return;
            if (outer is not null) outer.Value = true;
            else feed.Settled?.Invoke();
        }
    }
}
