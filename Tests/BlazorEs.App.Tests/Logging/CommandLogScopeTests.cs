using System.Collections.Concurrent;
using BlazorEs.App.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorEs.App.Tests.Logging;

/// <summary>Every line a command causes carries its correlation id, command id and user in the log scope.</summary>
public sealed class CommandLogScopeTests : IAsyncLifetime
{
    private readonly ApiFactory _factory = new();
    private readonly ScopeCapture _capture = new();

    [Fact]
    public async Task TheLinesOfACommandCarryItsCorrelationIdCommandIdAndUser()
    {
        var app = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_capture).AddFilter<ScopeCapture>(null, LogLevel.Debug)));
        var client = app.As("alice");

        using var response = await client.SendCommandAsync("RegisterProduct", new { sku = "LOG-1", name = "Latch", price = 1.5m, commandId = "cmd-log-1" }, correlationId: "corr-log-1");
        response.EnsureSuccessStatusCode();

        var lines = _capture.Lines.Where(l => l.Scope.TryGetValue("CommandId", out var id) && Equals(id, "cmd-log-1")).ToList();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Category.Contains("TimingBehavior", StringComparison.Ordinal));
        Assert.All(lines, l =>
        {
            Assert.Equal("corr-log-1", l.Scope["CorrelationId"]);
            Assert.Equal("alice", l.Scope["User"]);
            Assert.Equal("RegisterProduct", l.Scope["Command"]);
        });
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    internal sealed record Line(string Category, string Message, Dictionary<string, object?> Scope);

    /// <summary>A logger provider that keeps each line with the key/value pairs of the scopes around it, as the JSON formatter writes them.</summary>
    internal sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<Line> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(ScopeCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>();
                owner._scopes.ForEachScope((s, d) =>
                {
                    if (s is IEnumerable<KeyValuePair<string, object?>> pairs) foreach (var (k, v) in pairs) d[k] = v;
                }, scope);
                owner.Lines.Enqueue(new Line(category, formatter(state, exception), scope));
            }
        }
    }
}
