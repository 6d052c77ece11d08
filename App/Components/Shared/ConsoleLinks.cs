namespace BlazorEs.App.Components.Shared;

/// <summary>The console's links to one event, one stream and one moment: every screen builds them here, so a route changes in one place.</summary>
public static class ConsoleLinks
{
    /// <summary>The timeline with this event's drawer open.</summary>
    public static string Event(long position) => $"/timeline?event={position}";

    /// <summary>The replay screen: the whole system right after this event.</summary>
    public static string Replay(long position) => $"/replay?position={position}";

    /// <summary>The stream browser on this stream.</summary>
    public static string Stream(string streamId) => $"/streams?id={Uri.EscapeDataString(streamId)}";
}
