using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Support;

/// <summary>
/// Signing in to an <see cref="ApiFactory"/> (or one made from it with WithWebHostBuilder) the way an API client does: the account is created (once) with one role,
/// POST /api/auth/login gives a bearer token, and every request of the client carries it. <c>api.As("dave")</c> is an
/// admin called dave; <c>api.As("vera", ConsoleRoles.Viewer)</c> a viewer. <c>api.CreateClient()</c> stays anonymous.
/// </summary>
public static class SignedInClients
{
    public const string Password = "Test-password-1";

    private static readonly ConditionalWeakTable<WebApplicationFactory<Program>, ConcurrentDictionary<string, HttpClient>> Clients = new();

    /// <summary>A client signed in as <paramref name="userName"/> with <paramref name="role"/> (cached per user name).</summary>
    public static HttpClient As(this WebApplicationFactory<Program> api, string userName = "tester", string role = ConsoleRoles.Admin) =>
        Clients.GetOrCreateValue(api).GetOrAdd(userName, _ => api.CreateDefaultClient(new BearerHandler(api, userName, role)));

    /// <summary>A client signed in with <paramref name="role"/>, named after it.</summary>
    public static HttpClient AsRole(this WebApplicationFactory<Program> api, string role) => api.As($"test-{role}", role);

    /// <summary>Creates the account unless it exists; returns nothing Identity refused.</summary>
    public static async Task EnsureAccountAsync(this WebApplicationFactory<Program> api, string userName, string role, string password = Password)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var error = await AccountSetup.CreateAsync(users, userName, password, role);
        Assert.True(error is null, $"creating {userName} ({role}): {error}");
    }

    /// <summary>POST /api/auth/login; returns the token response.</summary>
    public static async Task<JsonElement> LoginAsync(this WebApplicationFactory<Program> api, string userName, string password = Password)
    {
        using var anonymous = api.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { userName, password });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"sign-in of {userName} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The access token of <paramref name="userName"/> (account created with <paramref name="role"/>), e.g. for a hub connection.</summary>
    public static async Task<string> TokenAsync(this WebApplicationFactory<Program> api, string userName = "tester", string role = ConsoleRoles.Admin)
    {
        await api.EnsureAccountAsync(userName, role);
        return (await api.LoginAsync(userName)).GetProperty("accessToken").GetString()!;
    }

    private sealed class BearerHandler(WebApplicationFactory<Program> api, string userName, string role) : DelegatingHandler
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private string? _token;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_token is null)
            {
                await _gate.WaitAsync(cancellationToken);
                try
                {
                    _token ??= await api.TokenAsync(userName, role);
                }
                finally
                {
                    _gate.Release();
                }
            }
            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", _token);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
