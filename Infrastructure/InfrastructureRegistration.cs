using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Seeding;
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
        builder.AddEventStore();
        builder.Services.AddCommandPipeline();
        return builder;
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
        if (builder.Configuration.GetValue("Seed:Enabled", defaultValue: true)) builder.Services.AddHostedService<DemoHistorySeeder>();
    }

    private static void AddCommandPipeline(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            options.Namespace = "BlazorEs.Infrastructure.Mediation";
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(TimingBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(CommandMetadataBehavior<,>),
            ];
        });
        services.AddSingleton<StreamStateCache>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
    }
}
