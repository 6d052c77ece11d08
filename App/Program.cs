using BlazorEs.App;
using BlazorEs.App.Export;
using BlazorEs.Infrastructure;
using BlazorEs.Infrastructure.Persistence;

if (VerifyExportCommand.TryRun(args, Console.Out, out var exitCode)) return exitCode; // an auditor's offline check, no web host

var builder = WebApplication.CreateBuilder(HostArguments.With(PublishedLayout.With(args)));
builder.AddInfrastructure();
builder.AddConsole();

var app = builder.Build();
app.UseConsole();
app.Run();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
