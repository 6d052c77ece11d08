using Mediator;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>Hands every ReadModelsChanged to in-process listeners outside the mediator (the live push).</summary>
public sealed class ReadModelChangeFeed
{
    public event Action<ReadModelsChanged>? Changed;

    public void Raise(ReadModelsChanged change) => Changed?.Invoke(change);
}

public sealed class ForwardReadModelChanges(ReadModelChangeFeed feed) : INotificationHandler<ReadModelsChanged>
{
    public ValueTask Handle(ReadModelsChanged notification, CancellationToken cancellationToken)
    {
        feed.Raise(notification);
        return ValueTask.CompletedTask;
    }
}
