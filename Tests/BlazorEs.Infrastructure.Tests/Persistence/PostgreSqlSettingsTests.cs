using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;

namespace BlazorEs.Infrastructure.Tests.Persistence;

/// <summary>Database:Provider=PostgreSql is checked at start-up: a bad connection string stops it with a message saying what is wrong.</summary>
public sealed class PostgreSqlSettingsTests
{
    private static DatabaseSettings Read(string? connectionString) =>
        DatabaseSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "postgresql",
            ["ConnectionStrings:EventStore"] = connectionString,
        }).Build(), Path.GetTempPath());

    [Fact]
    public void AHostAndADatabaseAreEnough()
    {
        var settings = Read("Host=127.0.0.1;Port=5432;Database=blazores;Username=blazores");

        Assert.Equal(DatabaseProvider.PostgreSql, settings.Provider);
        Assert.Equal("Host=127.0.0.1;Port=5432;Database=blazores;Username=blazores", settings.ConnectionString);
    }

    [Theory]
    [InlineData(null, "ConnectionStrings:EventStore is empty")]
    [InlineData("Data Source=data/blazores.db", "not a valid PostgreSQL connection string")]
    [InlineData("Database=blazores;Username=x", "names no Host")]
    [InlineData("Host=127.0.0.1;Username=x", "names no Database")]
    public void AConnectionStringThatCannotWorkStopsStartUpSayingWhy(string? connectionString, string message)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read(connectionString));

        Assert.Contains(message, error.Message);
    }
}
