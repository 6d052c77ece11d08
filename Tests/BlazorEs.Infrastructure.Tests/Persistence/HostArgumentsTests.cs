using BlazorEs.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;

namespace BlazorEs.Infrastructure.Tests.Persistence;

/// <summary>The database lives under the content root by default: a host of the store must not watch its files for configuration changes.</summary>
public sealed class HostArgumentsTests
{
    [Fact]
    public void AHostStartedWithTheStoresArgumentsReadsItsSettingsFilesWithoutWatchingThem()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = HostArguments.With(), ContentRootPath = Path.GetTempPath() });

        var files = builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(f.ReloadOnChange));
    }

    [Fact]
    public void TheCallersOwnArgumentCanTurnTheWatchingBackOn()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = HostArguments.With("--hostBuilder:reloadConfigOnChange=true"),
            ContentRootPath = Path.GetTempPath(),
        });

        Assert.All(builder.Configuration.Sources.OfType<JsonConfigurationSource>(), f => Assert.True(f.ReloadOnChange));
    }
}
