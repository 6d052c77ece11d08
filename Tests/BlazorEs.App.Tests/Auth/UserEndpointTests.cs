using System.Net;
using System.Net.Http.Json;
using System.Text;
using BlazorEs.App.Tests.Support;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Auth;

/// <summary>/api/users: an admin manages accounts with Identity's rules, and every change is an event naming that admin.</summary>
public sealed class UserEndpointTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new();
    private HttpClient _admin = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = _api.As("ada");
        await _admin.GetJsonAsync("/api/users"); // signs ada in
    }

    private async Task<IReadOnlyList<StoredEvent>> AuditAsync() =>
        await _api.Services.GetRequiredService<EventReader>().ReadStreamAsync(AccountStreams.Audit, 1, 1000, Ct);

    private async Task<HttpStatusCode> LoginStatusAsync(string userName, string password)
    {
        using var anonymous = _api.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { userName, password }, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task AnAdminCreatesAUserWithARoleWhoThenSignsInAndTheAuditNamesTheAdmin()
    {
        using var created = await _admin.PostAsJsonAsync("/api/users", new { userName = "olga", password = "Olga-password-1", role = "operator" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/users/olga", created.Headers.Location?.OriginalString);
        var list = await _admin.GetJsonAsync("/api/users");
        var olga = list.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "olga");
        Assert.Equal("operator", olga.GetProperty("role").GetString());
        Assert.False(olga.GetProperty("locked").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("olga", "Olga-password-1"));
        var e = Assert.Single(await AuditAsync());
        Assert.Equal(new UserCreated("olga", "operator"), e.Data);
        Assert.Equal("ada", e.Metadata.UserId);
        Assert.Equal(nameof(CreateUser), e.Metadata.CommandName);
        var timeline = await _admin.GetJsonAsync($"/api/events?stream={AccountStreams.Audit}&type=UserCreated&user=ada");
        var shown = Assert.Single(timeline.GetProperty("events").EnumerateArray());
        Assert.Equal("olga", shown.GetProperty("data").GetProperty("userName").GetString());
        Assert.Empty(await PendingAsync());
    }

    [Fact]
    public async Task AnEventACrashHeldBackIsAppendedOnceAtTheNextChangeEvenIfItWasAppendedBeforeTheCrash()
    {
        await _api.EnsureAccountAsync("cara", ConsoleRoles.Viewer);
        using var first = await _admin.PutAsJsonAsync("/api/users/cara/role", new { role = "auditor" }, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var appended = Assert.Single(await AuditAsync());
        // The crash: the event reached the store, the staged row was not yet removed.
        await using (var scope = _api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            db.PendingAuditEvents.Add(new PendingAccountEvent
            {
                CommandId = appended.Metadata.CommandId, Type = "UserRoleChanged", SchemaVersion = 1, UserId = "ada",
                CommandName = nameof(ChangeUserRole), CorrelationId = appended.Metadata.CorrelationId, RecordedAt = DateTime.UtcNow,
                Data = """{"userName":"cara","from":"viewer","to":"auditor"}""",
            });
            await db.SaveChangesAsync(Ct);
        }

        using var second = await _admin.PutAsJsonAsync("/api/users/cara/role", new { role = "operator" }, Ct);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var audit = await AuditAsync();
        Assert.Equal(new object[] { new UserRoleChanged("cara", "viewer", "auditor"), new UserRoleChanged("cara", "auditor", "operator") }, audit.Select(e => e.Data).ToArray());
        Assert.Empty(await PendingAsync());
    }

    private async Task<List<PendingAccountEvent>> PendingAsync()
    {
        await using var scope = _api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().PendingAuditEvents.ToListAsync(Ct);
    }

    [Fact]
    public async Task ChangingARoleTakesEffectAtTheNextSignInAndRecordsFromWhatToWhat()
    {
        await _api.EnsureAccountAsync("vic", ConsoleRoles.Viewer);

        using var changed = await _admin.PutAsJsonAsync("/api/users/vic/role", new { role = "operator" }, Ct);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("operator", (await changed.Content.ReadFromJsonAsync<UserAccount>(Ct))!.Role);
        var token = (await _api.LoginAsync("vic")).GetProperty("accessToken").GetString();
        using var command = _api.CreateClient();
        command.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await command.CommandAsync("RegisterProduct", new { sku = "VIC-1", name = "Vice", price = 3m });
        var e = Assert.Single(await AuditAsync());
        Assert.Equal(new UserRoleChanged("vic", "viewer", "operator"), e.Data);
        Assert.Equal("ada", e.Metadata.UserId);
    }

    [Fact]
    public async Task ALockedUserCannotSignInUntilUnlockedAndBothAreRecordedWithTheReason()
    {
        await _api.EnsureAccountAsync("lou", ConsoleRoles.Operator);

        using var locked = await _admin.PostAsJsonAsync("/api/users/lou/lock", new { reason = "left the company" }, Ct);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.True((await locked.Content.ReadFromJsonAsync<UserAccount>(Ct))!.Locked);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("lou", SignedInClients.Password));

        using var unlocked = await _admin.PostAsJsonAsync("/api/users/lou/unlock", new { }, Ct);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("lou", SignedInClients.Password));

        var audit = await AuditAsync();
        Assert.Equal(2, audit.Count);
        var lockedEvent = Assert.IsType<UserLocked>(audit[0].Data);
        Assert.Equal(("lou", "left the company"), (lockedEvent.UserName, lockedEvent.Reason));
        Assert.Equal(new UserUnlocked("lou"), audit[1].Data);
        Assert.All(audit, e => Assert.Equal("ada", e.Metadata.UserId));
    }

    [Fact]
    public async Task AResetPasswordReplacesTheOldOneAndTheEventHoldsNoPassword()
    {
        await _api.EnsureAccountAsync("rita", ConsoleRoles.Viewer);

        using var reset = await _admin.PostAsJsonAsync("/api/users/rita/password", new { password = "Brand-new-pass-2" }, Ct);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("rita", SignedInClients.Password));
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("rita", "Brand-new-pass-2"));
        var e = Assert.Single(await AuditAsync());
        Assert.Equal(new UserPasswordReset("rita"), e.Data);
        var stored = (await _api.Services.GetRequiredService<EventReader>().ReadRecordedAfterAsync(0, 100)).Single(r => r.StreamId == AccountStreams.Audit);
        Assert.DoesNotContain("Brand-new", stored.Data);
    }

    public static TheoryData<string, string> BadCreations() => new()
    {
        { """{"userName":"weak","password":"short","role":"viewer"}""", "password" },
        { """{"userName":"nora","password":"Nora-password-1","role":"superuser"}""", "role" },
        { """{"userName":"e\u202Evil","password":"Evil-password-1","role":"viewer"}""", "userName" },
        { """{"userName":"","password":"Evil-password-1","role":"viewer"}""", "userName" },
        { """{"userName":"nora","password":"Nora-password-1"}""", "role" },
    };

    [Theory]
    [MemberData(nameof(BadCreations))]
    public async Task ABadCreationIsA400NamingTheFieldAndCreatesNothing(string body, string field)
    {
        using var response = await _admin.PostAsync("/api/users", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(await AuditAsync());
        Assert.Empty(await PendingAsync());
        Assert.Single((await _admin.GetJsonAsync("/api/users")).EnumerateArray()); // ada alone
    }

    [Fact]
    public async Task ATakenNameIs409AnUnknownUser404AFormPost415AndNothingIsRecorded()
    {
        using var taken = await _admin.PostAsJsonAsync("/api/users", new { userName = "ada", password = "Other-password-1", role = "viewer" }, Ct);
        await taken.AssertProblemAsync(409);
        using var unknown = await _admin.PutAsJsonAsync("/api/users/nobody/role", new { role = "viewer" }, Ct);
        await unknown.AssertProblemAsync(404);
        using var form = await _admin.PostAsync("/api/users", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "mallory", ["password"] = "Mallory-password-1", ["role"] = "admin",
        }), Ct);
        await form.AssertProblemAsync(415);

        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task TheLastAdminCannotBeDemotedAndNobodyLocksThemselves()
    {
        using var demote = await _admin.PutAsJsonAsync("/api/users/ada/role", new { role = "viewer" }, Ct);
        var problem = await demote.AssertProblemAsync(422);
        Assert.Contains("last admin", problem.GetProperty("detail").GetString());
        using var self = await _admin.PostAsJsonAsync("/api/users/ada/lock", new { reason = "testing" }, Ct);
        await self.AssertProblemAsync(422);
        using var noReason = await _admin.PostAsJsonAsync("/api/users/ada/lock", new { reason = "" }, Ct);
        await noReason.AssertProblemAsync(400);

        Assert.Empty(await AuditAsync());
        Assert.Equal("admin", (await _admin.GetJsonAsync("/api/users")).EnumerateArray().Single().GetProperty("role").GetString());
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();
}
