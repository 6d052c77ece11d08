using System.Diagnostics;
using System.Net;
using BlazorEs.App.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace BlazorEs.App.Tests.Telemetry;

/// <summary>One command's trace, as the real pipeline emits it, collected by an in-memory exporter.</summary>
public sealed class CommandTraceTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private readonly List<Activity> _spans = [];

    [Fact]
    public async Task ACommandsSpansFromHttpToLivePushShareOneTraceAndItsCorrelationId()
    {
        var app = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans))));
        var client = app.As("alice");
        await client.CommandAsync("RegisterProduct", new { sku = "TR-0", name = "Warm-up", price = 1m }); // the broadcaster is running

        using var response = await client.SendCommandAsync("RegisterProduct", new { sku = "TR-1", name = "Toggle", price = 4.5m }, correlationId: "corr-trace-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Activity? command = null;
        for (var i = 0; i < 100 && (command is null || !Has(command.TraceId, "live push")); i++)
        {
            await Task.Delay(50);
            command = Snapshot().FirstOrDefault(s => s.DisplayName == "command RegisterProduct" && Equals(s.GetTagItem("blazores.correlation_id"), "corr-trace-1"));
        }
        Assert.NotNull(command);
        var trace = Snapshot().Where(s => s.TraceId == command.TraceId).ToList();
        var names = trace.Select(s => s.DisplayName).ToList();
        Assert.Contains(names, n => n.StartsWith("POST /api/commands/RegisterProduct", StringComparison.Ordinal));
        Assert.Contains("command RegisterProduct", names);
        Assert.Contains("group commit", names);
        Assert.Contains("projection round", names);
        Assert.Contains("live push", names);
        var http = trace.Single(s => s.Kind == ActivityKind.Server);
        Assert.Equal(http.SpanId, command.ParentSpanId);
        var commit = trace.Single(s => s.DisplayName == "group commit");
        Assert.Equal(command.SpanId, commit.ParentSpanId);
        Assert.Contains(commit.Links, l => l.Context.SpanId == command.SpanId);
        Assert.True((int)commit.GetTagItem("blazores.batch.commands")! >= 1);
        Assert.Equal(commit.SpanId, trace.First(s => s.DisplayName == "live push").ParentSpanId);

        TraceSvg.Write(trace, Path.Combine(AppContext.BaseDirectory, "command-trace.svg"));
    }

    private List<Activity> Snapshot()
    {
        lock (_spans) return [.. _spans];
    }

    private bool Has(ActivityTraceId trace, string name) => Snapshot().Any(s => s.TraceId == trace && s.DisplayName == name);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
