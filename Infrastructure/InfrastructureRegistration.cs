using BlazorEs.Infrastructure.Cluster;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.Compensation;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Limits;
using BlazorEs.Infrastructure.Operations;
using BlazorEs.Infrastructure.Health;
using BlazorEs.Infrastructure.Integrity;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using BlazorEs.Infrastructure.ReadModels;
using BlazorEs.Infrastructure.Replay;
using BlazorEs.Infrastructure.Seeding;
using BlazorEs.Infrastructure.Settings;
using BlazorEs.Infrastructure.Streams.Snapshots;
using Microsoft.Extensions.Logging;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorEs.Infrastructure;

public static class InfrastructureRegistration
{
    /// <summary>The event store, the command pipeline and the read side, as configured in "Database" and "ConnectionStrings:EventStore".</summary>
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        builder.AddWorkLimits();
        builder.AddEventStore();
        builder.Services.AddCommandPipeline();
        builder.AddReadSide();
        builder.AddReadiness();
        return builder;
    }

    /// <summary>
    /// Bounds on work ("Limits": replay / verification / export slots, the writer's queue, cached rows), verification
    /// as background jobs, the operator audit and the one-at-a-time rebuild queue.
    /// </summary>
    private static void AddWorkLimits(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<WorkLimits>("Limits", l => l.Validate());
        builder.Services.AddSingleton<WorkGates>();
        builder.Services.AddSingleton<VerificationJobs>();
        builder.Services.AddSingleton<OperatorAudit>();
        builder.Services.AddSingleton<RebuildQueue>();
    }

    /// <summary>The readiness checks (tag <see cref="HealthTags.Ready"/>): the database answers, migrations applied, projections live and close to the head.</summary>
    private static void AddReadiness(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<HealthOptions>("Health", o => o.Validate());
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [HealthTags.Ready])
            .AddCheck<ProjectionsHealthCheck>("projections", tags: [HealthTags.Ready]);
        // The one readiness state: /health/ready, the app bar and the Projections screen all read it.
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Readiness>());
    }

    private static void AddReadSide(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ProjectionOptions>("Projections", o => o.Validate());
        var readModelOptions = builder.AddValidatedOptions<ReadModelOptions>("ReadModels", o =>
            o.LowStockThreshold is < 0 or > 1_000_000 ? "ReadModels:LowStockThreshold must be between 0 and 1000000." : null);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReadModelCache>();
        // Every IProjection registered gets a runner; the four read models by default, tests add or replace one.
        foreach (var projection in ReadModelProjections.All(readModelOptions))
            services.AddSingleton<IProjection>(projection);
        services.AddSingleton(sp => ProjectionCatalog.For(
            sp.GetServices<IProjection>(),
            sp.GetRequiredService<StoreContextFactory>(),
            sp.GetRequiredService<EventReader>(),
            sp.GetRequiredService<ProjectionOptions>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<ReadModelChangeFeed>(),
            sp.GetRequiredService<StoreHead>(),
            sp.GetRequiredService<ProjectorLease>()));
        services.AddSingleton<ReadYourWrites>();
        services.AddSingleton<ReadModelChangeFeed>();
        services.AddHostedService<ProjectionHost>();

        builder.AddValidatedOptions<ReplayOptions>("Replay", o => o.Validate());
        services.AddSingleton<ReplayAsOf>();
        services.AddSingleton<ReplayFigures>();
        services.AddSingleton<OrdersAsOf>();
        services.AddSingleton<ReplayRows>();
        services.AddSingleton<CompensationService>();
        services.AddSingleton<SnapshotBackfill>();
        services.AddSingleton<RowsSinceSnapshot>();
        services.AddSingleton<SnapshotWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotWriter>());
    }

    private static void AddEventStore(this IHostApplicationBuilder builder)
    {
        var options = DatabaseSettings.Read(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(StoreContextFactory.Create(options.Provider, options.ConnectionString, options.Durability));
        builder.Services.AddSingleton<EventTypeMap>(sp => new EventTypeMap(sp.GetServices<IEventUpcaster>()));
        builder.Services.AddSingleton<EventStoreWriter>();
        builder.Services.AddSingleton<EventReader>();
        builder.Services.AddSingleton<StoreHead>();
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.AddClusterLease();
        builder.AddValidatedOptions<DatabaseOptions>("Database", _ => null); // Provider and Durability are checked by DatabaseSettings.Read
        builder.Services.AddAccountsStore(options);
        builder.Services.AddSingleton<AccountAudit>();
        builder.AddIntegrity(options);
        // The demo history is made up and the log is append-only: only Development seeds unless Seed:Enabled says so.
        if (builder.Configuration.GetValue<bool?>("Seed:Enabled") ?? builder.Environment.IsDevelopment())
            builder.Services.AddHostedService<DemoHistorySeeder>();
    }

    /// <summary>
    /// The projector's lease ("Cluster" section): registered right after the migrator, so the first attempt to take
    /// it is made before the seed, the projections and the snapshot writer start (they also wait for it).
    /// </summary>
    private static void AddClusterLease(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ClusterOptions>("Cluster", o => o.Validate());
        builder.Services.AddSingleton<ProjectorLease>();
        builder.Services.AddSingleton<ClusterWake>();
        builder.Services.AddSingleton<ClusterHeartbeat>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterHeartbeat>());
    }

    private static void AddCommandPipeline(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            options.Namespace = "BlazorEs.Infrastructure.Mediation";
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                // Metadata first: its log scope (correlation id, command id, user) then covers every line the command causes.
                typeof(CommandMetadataBehavior<,>),
                typeof(TimingBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(AuthorizationBehavior<,>),
            ];
        });
        services.AddSingleton<StreamStateCache>();
        services.AddSingleton<StreamStates>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
    }
}
