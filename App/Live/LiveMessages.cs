namespace BlazorEs.App.Live;

/// <summary>A projection's changed rows since the last message (AllChanged: reload the whole view).</summary>
public sealed record ReadModelChange(string Projection, IReadOnlyList<string> Keys, bool AllChanged, long Position);

/// <summary>The names of the hub's messages, shared by the server and every client.</summary>
public static class LiveMessageNames
{
    public const string EventsAppended = "EventsAppended";
    public const string ReadModelsChanged = "ReadModelsChanged";
    public const string HubPath = "/hubs/live";
}
