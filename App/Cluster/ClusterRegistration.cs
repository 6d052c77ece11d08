using BlazorEs.App.Live;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Settings;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace BlazorEs.App.Cluster;

/// <summary>
/// What several instances of the console share beyond the database's lease: Data Protection keys (in the store's
/// database, so a cookie, antiforgery token or bearer token issued by one instance is read by every other), and with
/// ConnectionStrings:Redis the live push across instances: SignalR's Redis backplane for LiveHub's clients and
/// <see cref="RedisCluster"/>'s channel for the consoles' in-process feed and the projector's wake-ups. Without Redis
/// each instance tails the store (the broadcaster's poll) and follows the stored checkpoints.
/// </summary>
public static class ClusterRegistration
{
    public static IHostApplicationBuilder AddCluster(this IHostApplicationBuilder builder)
    {
        // A context per key-ring read, from the store's pool; Data Protection asks for it in a scope of its own.
        builder.Services.AddScoped<EventStoreDbContext>(sp => sp.GetRequiredService<StoreContextFactory>().CreateContext());
        builder.Services.AddDataProtection()
            .SetApplicationName("BlazorEs")
            .PersistKeysToDbContext<EventStoreDbContext>();

        var redis = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddSingleton<LiveHubRelay>();
            return builder;
        }
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(redis);
        }
        catch (Exception ex) when (ex is ArgumentException or RedisConnectionException)
        {
            throw new InvalidSettingException($"ConnectionStrings:Redis is not a Redis connection string: {ex.Message}");
        }
        // Keep trying while Redis is away instead of failing the start; the app serves without it meanwhile.
        options.AbortOnConnectFail = false;
        options.ChannelPrefix = RedisChannel.Literal("BlazorEs");
        builder.Services.AddSignalR().AddStackExchangeRedis(o => o.Configuration = options.Clone());
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options.Clone()));
        builder.Services.AddSingleton<RedisCluster>();
        builder.Services.AddSingleton<LiveHubRelay>(sp => sp.GetRequiredService<RedisCluster>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisCluster>());
        return builder;
    }
}
