using Microsoft.Extensions.Configuration;

namespace BlazorEs.Infrastructure.Persistence;

/// <summary>The validated database configuration; a bad setting stops start-up with a message saying which.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, Durability Durability)
{
    public static DatabaseSettings Read(IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection("Database");
        var provider = ParseEnum(section["Provider"], DatabaseProvider.Sqlite, "Database:Provider");
        var durability = ParseEnum(section["Durability"], Durability.Full, "Database:Durability");
        var connectionString = configuration.GetConnectionString("EventStore");

        if (provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:EventStore is empty. Give the SQL Server connection string.");
            return new DatabaseSettings(provider, connectionString, durability);
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var folder = Path.Combine(contentRoot, "data");
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "blazores.db")}";
        }
        return new DatabaseSettings(provider, connectionString, durability);
    }

    private static T ParseEnum<T>(string? value, T fallback, string key) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        return Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidOperationException($"{key} is '{value}'; expected one of: {string.Join(", ", Enum.GetNames<T>())}.");
    }
}
