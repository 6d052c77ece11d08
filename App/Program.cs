using BlazorEs.App;
using BlazorEs.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddInfrastructure();
builder.AddConsole();

var app = builder.Build();
app.UseConsole();
app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
