using System.Diagnostics;
using BlazorEs.Domain;
using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;
using BlazorEs.Infrastructure.Commands;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.Benchmarks.Live;

/// <summary>
/// Commands at a steady rate beside scenario 6's browsers: stock received on products of their own (never the probe's),
/// through the app's mediator as a request would send them, by several senders on one shared schedule, so a slow
/// command delays only its own sender. <see cref="Rate"/> tells what was reached.
/// </summary>
public sealed class BackgroundCommands : IAsyncDisposable
{
    private const int Products = 20;
    private const int Senders = 8;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task[] _senders;
    private long _next = -1;
    private long _sent;
    private long _failed;

    private BackgroundCommands(IServiceProvider services, int perSecond)
    {
        _senders = [.. Enumerable.Range(0, Senders).Select(_ => Task.Run(() => SendAsync(services, perSecond)))];
    }

    /// <summary>Commands completed per second since the start.</summary>
    public double Rate => Interlocked.Read(ref _sent) / _clock.Elapsed.TotalSeconds;

    public long Failed => Interlocked.Read(ref _failed);

    public static async Task<BackgroundCommands> StartAsync(IServiceProvider services, int perSecond)
    {
        for (var i = 0; i < Products; i++)
        {
            try
            {
                await SendOneAsync(services, new RegisterProduct(Sku(i), $"Background load {i}", 1m));
            }
            catch (DomainException)
            {
                // registered by an earlier repetition
            }
        }
        return new BackgroundCommands(services, perSecond);
    }

    private async Task SendAsync(IServiceProvider services, int perSecond)
    {
        while (!_stop.IsCancellationRequested)
        {
            var slot = Interlocked.Increment(ref _next);
            var due = TimeSpan.FromSeconds((double)slot / perSecond) - _clock.Elapsed;
            try
            {
                if (due > TimeSpan.Zero) await Task.Delay(due, _stop.Token);
                await SendOneAsync(services, new ReceiveStock(Sku((int)(slot % Products)), 1, $"BG-{slot}"));
                Interlocked.Increment(ref _sent);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    private static string Sku(int i) => $"BG-{i:D2}";

    private static async Task SendOneAsync(IServiceProvider services, IWarehouseCommand command)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ExecuteCommand(command, new CommandOptions(User: "background")));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_senders);
        _stop.Dispose();
    }
}
