namespace BlazorEs.Infrastructure.EventStore;

public static class ExpectedVersion
{
    /// <summary>The stream must not exist yet.</summary>
    public const long NoStream = 0;

    /// <summary>No check: for streams only one writer appends to, such as the operator audit stream.</summary>
    public const long Any = -1;
}
