namespace BlazorEs.Domain;

/// <summary>
/// A command of the warehouse; the command pipeline routes every one of them. Each aggregate's commands share a
/// narrower interface (<see cref="Products.IProductCommand"/>, <see cref="Orders.IOrderCommand"/>) that says which
/// stream they decide on, so the pipeline needs no list of commands.
/// </summary>
public interface IWarehouseCommand
{
    /// <summary>The stream the command is about: a client's expected version refers to it.</summary>
    string PrimaryStream { get; }

    /// <summary>The stream whose commands take turns in one process (they would only collide otherwise).</summary>
    string TurnKey => PrimaryStream;

    /// <summary>
    /// The command as it is to be decided, with any id the sender may leave out assigned (a new order's id). Called
    /// once per command, before the first attempt, so every retry decides on the same ids.
    /// </summary>
    IWarehouseCommand WithAssignedIds() => this;
}
