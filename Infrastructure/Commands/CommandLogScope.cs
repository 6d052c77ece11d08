using System.Collections;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>
/// The log scope of one command: a list of key/value pairs, so the JSON console formatter writes each as a field
/// ({"CorrelationId": ..., "CommandId": ..., "User": ..., "Command": ...}) and the simple one as one readable line.
/// </summary>
internal sealed record CommandLogScope(string CorrelationId, string CommandId, string User, string Command) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private KeyValuePair<string, object?>[] Pairs =>
        [new("CorrelationId", CorrelationId), new("CommandId", CommandId), new("User", User), new("Command", Command)];

    public int Count => 4;

    public KeyValuePair<string, object?> this[int index] => Pairs[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Command} {CommandId} correlation {CorrelationId} by {User}";
}
