namespace BlazorEs.Infrastructure.Cluster;

/// <summary>
/// This instance does not hold the projector's lease (or lost it): its read-side commit is refused, or an operator
/// action that only the projector runs was sent here. <see cref="HolderId"/> names who holds it, when known.
/// </summary>
public sealed class NotTheProjectorException(string message, string? holderId) : Exception(message)
{
    public string? HolderId { get; } = holderId;
}
