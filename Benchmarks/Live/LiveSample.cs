namespace BlazorEs.Benchmarks.Live;

/// <summary>One receipt, in ms after the click in browser A. The server-side moments are null where the tap missed them.</summary>
public sealed record LiveSample(
    double Timeline,
    double Products,
    double DialogClosed,
    double? Stamped,
    double? StockCommitted,
    double? EventsPushed,
    double? StockPushed,
    double? StockFed,
    double? SincePreviousFigure)
{
    /// <param name="previousFigure">When the previous round's figure showed on B's grid (Unix ms), if there was one.</param>
    public static LiveSample From(LiveRound round, ServerTimes server, double? previousFigure)
    {
        var clicked = round.Clicked!.Value;
        return new LiveSample(
            round.TimelineSeen!.Value - clicked,
            round.ProductsSeen!.Value - clicked,
            round.DialogClosed!.Value - clicked,
            server.RecordedAt - clicked,
            server.StockCommitted - clicked,
            server.EventsPushed - clicked,
            server.StockPushed - clicked,
            server.StockFed - clicked,
            clicked - previousFigure);
    }

    /// <summary>From the StockLevels projection's commit (its ReadModelsChanged published in the app) to the message at a SignalR client: the broadcaster and one hub hop.</summary>
    public double? StockPushAfterCommit => StockPushed - StockCommitted;

    /// <summary>From the StockLevels projection's commit to its change handed to an in-process feed subscriber: the broadcaster and the feed's delivery loop, B's circuit's way in.</summary>
    public double? StockFedAfterCommit => StockFed - StockCommitted;

    /// <summary>From the StockLevels change handed to an in-process feed subscriber to the figure in B's DOM: B's circuit, keyed lookup, render, browser.</summary>
    public double? ProductsAfterFeed => Products - StockFed;

    /// <summary>From the EventsAppended message reaching a SignalR client to the row in B's DOM: B's circuit, render, diff, browser.</summary>
    public double? TimelineAfterPush => Timeline - EventsPushed;

    /// <summary>From the StockLevels change reaching a SignalR client to the figure in B's DOM: debounce, grid query, render, browser.</summary>
    public double? ProductsAfterPush => Products - StockPushed;
}
