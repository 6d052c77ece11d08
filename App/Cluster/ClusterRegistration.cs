using BlazorEs.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace BlazorEs.App.Cluster;

/// <summary>
/// What several instances of the console share beyond the database's lease: Data Protection keys (in the store's
/// database, so a cookie, antiforgery token or bearer token issued by one instance is read by every other).
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
        return builder;
    }
}
