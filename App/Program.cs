using BlazorEs.App;
using BlazorEs.App.Export;
using BlazorEs.App.Hosting;
using BlazorEs.Infrastructure;
using BlazorEs.Infrastructure.Persistence;

if (VerifyExportCommand.TryRun(args, Console.Out, out var exitCode)) return exitCode; // an auditor's offline check, no web host

WebApplication? app = null;
try
{
    var builder = WebApplication.CreateBuilder(HostArguments.With(PublishedLayout.With(args)));
    builder.AddInfrastructure();
    builder.AddConsole();

    app = builder.Build();
    app.ValidateSettings();
    app.UseConsole();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.SettingsProblem(ex) is { } problem)
{
    return await StartupFailure.ReportAsync(problem, app); // one line naming the key and exit 1, not a stack trace
}

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
