using BlazorEs.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;
using Npgsql;

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
                throw new InvalidSettingException("Database:Provider is SqlServer but ConnectionStrings:EventStore is empty. Give the SQL Server connection string.");
            return new DatabaseSettings(provider, connectionString, durability);
        }

        if (provider == DatabaseProvider.PostgreSql)
            return new DatabaseSettings(provider, PostgreSqlConnection(connectionString), durability);

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var folder = Path.Combine(contentRoot, "data");
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, "blazores.db")}";
        }
        return new DatabaseSettings(provider, connectionString, durability);
    }

    /// <summary>A PostgreSQL connection string that names a host and a database, or a message saying what is wrong with it.</summary>
    private static string PostgreSqlConnection(string? connectionString)
    {
        const string example = "e.g. \"Host=127.0.0.1;Port=5432;Database=blazores;Username=blazores;Password=...\"";
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidSettingException($"Database:Provider is PostgreSql but ConnectionStrings:EventStore is empty. Give the PostgreSQL connection string, {example}.");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            throw new InvalidSettingException($"ConnectionStrings:EventStore is not a valid PostgreSQL connection string ({ex.Message}); {example}.");
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new InvalidSettingException($"ConnectionStrings:EventStore names no Host for PostgreSQL; {example}.");
        if (string.IsNullOrWhiteSpace(builder.Database))
            throw new InvalidSettingException($"ConnectionStrings:EventStore names no Database for PostgreSQL (the store needs a database of its own); {example}.");
        return connectionString;
    }

    private static T ParseEnum<T>(string? value, T fallback, string key) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        return Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new InvalidSettingException($"{key} is '{value}'; expected one of: {string.Join(", ", Enum.GetNames<T>())}.");
    }
}
