using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(SharedPostgres.Lifetime))]

namespace BlazorEs.Infrastructure.Tests.Support;

/// <summary>
/// The base of a test class that runs on SQLite and on PostgreSQL: the class is abstract, and two sealed classes
/// beside it name the providers (<c>public sealed class XOnSqlite() : X(DatabaseProvider.Sqlite);</c>, the same
/// with PostgreSql), so each case appears once per provider in the test list. Its hosts come from here.
/// </summary>
public abstract class BothProviders(DatabaseProvider provider)
{
    protected DatabaseProvider Provider => provider;

    protected bool OnPostgreSql => provider == DatabaseProvider.PostgreSql;

    /// <summary>The migrated store with its writer and reader only, on this class's provider.</summary>
    protected Task<TestHost> CreateStoreAsync() => TestHost.CreateStoreAsync(provider);

    /// <summary>The infrastructure as the app registers it, on this class's provider.</summary>
    protected Task<TestHost> StartAsync(TestHostOptions? options = null) =>
        TestHost.StartAsync((options ?? new TestHostOptions()) with { Provider = provider });

    protected Task<TestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services = null) =>
        StartAsync(new TestHostOptions { Settings = settings, Services = services });
}
