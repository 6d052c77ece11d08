using System.Collections.Concurrent;
using Mediator;

namespace BlazorEs.App.Tests.Support;

/// <summary>
/// Holds messages until the test opens the gate, so a screen can be seen between asking and knowing (SQLite answers
/// synchronously: without a gate a loading or sending state would never be caught). Also counts what passed.
/// </summary>
public sealed class Gate
{
    private readonly ConcurrentDictionary<Type, int> _asked = new();
    private TaskCompletionSource _open = Opened();

    /// <summary>How many <typeparamref name="TMessage"/> messages have reached the gate so far.</summary>
    public int Asked<TMessage>() => _asked.GetValueOrDefault(typeof(TMessage));

    public void Close() => Interlocked.CompareExchange(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), _open);

    public void Open() => _open.TrySetResult();

    internal Task PassAsync(Type message, CancellationToken ct)
    {
        _asked.AddOrUpdate(message, 1, (_, n) => n + 1);
        return _open.Task.WaitAsync(ct);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}

public sealed class MediatorGates
{
    public Gate Queries { get; } = new();
    public Gate Commands { get; } = new();
}

/// <summary>The mediator pipeline step that makes queries and commands wait at their <see cref="Gate"/>.</summary>
public sealed class GatedMessages<TMessage, TResponse>(MediatorGates gates) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var gate = message switch
        {
            IBaseQuery => gates.Queries,
            IBaseCommand => gates.Commands,
            _ => null,
        };
        if (gate is not null) await gate.PassAsync(message.GetType(), cancellationToken);
        return await next(message, cancellationToken);
    }
}
