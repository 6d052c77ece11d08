using BlazorEs.App;
using BlazorEs.Infrastructure;
using BlazorEs.Infrastructure.Persistence;

var builder = WebApplication.CreateBuilder(HostArguments.With(PublishedLayout.With(args)));
builder.AddInfrastructure();
builder.AddConsole();

var app = builder.Build();
app.UseConsole();
app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
