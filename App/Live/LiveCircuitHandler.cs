using BlazorEs.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BlazorEs.App.Live;

/// <summary>
/// Drives a circuit's <see cref="CircuitLiveFeed"/> from Blazor's own connection to the browser: the circuit is the
/// live connection, so its drops and reconnects are the feed's (Reconnecting, then catch up and reload).
/// </summary>
internal sealed class LiveCircuitHandler(CircuitLiveFeed feed) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        OperationsMetrics.ConnectionClosed("circuit");
        return feed.ConnectionDownAsync();
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        OperationsMetrics.ConnectionOpened("circuit");
        return feed.ConnectionUpAsync();
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        feed.Dispose();
        return Task.CompletedTask;
    }
}
