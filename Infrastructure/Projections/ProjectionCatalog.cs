using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Projections;

/// <summary>Every projection's runner, by name.</summary>
public sealed class ProjectionCatalog
{
    private readonly Dictionary<string, IProjectionRunner> _runners;

    public ProjectionCatalog(IEnumerable<IProjectionRunner> runners) =>
        _runners = runners.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IProjectionRunner> All => _runners.Values;

    public IEnumerable<string> Names => _runners.Values.Select(r => r.Name);

    public bool TryGet(string name, out IProjectionRunner runner) => _runners.TryGetValue(name, out runner!);

    public IProjectionRunner this[string name] => _runners[name];

    /// <summary>Builds the runners of the given projections on one store (the app's registration and the tests share it).</summary>
    public static ProjectionCatalog For(
        IEnumerable<IProjection> projections,
        StoreContextFactory factory,
        EventReader reader,
        ProjectionOptions options,
        ILoggerFactory loggers,
        IServiceScopeFactory? scopes = null)
    {
        var locks = new ProjectionLocks();
        var feed = new SharedEventFeed(reader);
        var runners = projections.Select(p =>
        {
            var runnerType = typeof(ProjectionRunner<>).MakeGenericType(p.RowType);
            var logger = loggers.CreateLogger($"BlazorEs.Projections.{p.Name}");
            return (IProjectionRunner)Activator.CreateInstance(runnerType, p, factory, reader, locks, options, logger, scopes, feed)!;
        });
        return new ProjectionCatalog(runners);
    }
}
