using BlazorEs.App.Api;
using BlazorEs.App.Auth;
using BlazorEs.App.Components.Account;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.Commands;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorEs.App.Tests.Auth;

/// <summary>The one table of roles and policies, and the formats a caller may not bend (user names, correlation ids, return URLs).</summary>
public sealed class PolicyTableTests
{
    public static TheoryData<string, string> RolesAndPolicies()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in ConsoleRoles.All)
            foreach (var policy in ConsolePolicies.Names) data.Add(role, policy);
        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndPolicies))]
    public async Task WhatTheScreensEnableAgreesWithTheAuthorizationServiceForEveryRoleAndPolicy(string role, string policy)
    {
        await using var services = new ServiceCollection().AddLogging().AddAuthorizationCore(ConsolePolicies.Configure).BuildServiceProvider();
        var user = CurrentUser.Principal("someone", role);

        var real = await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, policy);

        Assert.Equal(real.Succeeded, ConsolePolicies.Allows(user, policy));
        Assert.Equal(real.Succeeded, ConsoleRoles.RoleAllows(role, policy));
    }

    [Theory]
    [InlineData(ConsoleRoles.Viewer, "view")]
    [InlineData(ConsoleRoles.Auditor, "view,audit")]
    [InlineData(ConsoleRoles.Operator, "view,operate")]
    [InlineData(ConsoleRoles.Admin, "view,audit,operate,administer")]
    public void EachRoleHasWhatTheIssueGivesIt(string role, string policies) =>
        Assert.Equal(policies.Split(','), ConsolePolicies.Names.Where(p => ConsoleRoles.RoleAllows(role, p)));

    [Theory]
    [InlineData("alice", true)]
    [InlineData("ops.team-1_b@example.org", true)]
    [InlineData("ali\u202Ece", false)] // right-to-left override
    [InlineData("bo\u200Bb", false)] // zero-width space
    [InlineData("аlice", false)] // Cyrillic а
    [InlineData("alice smith", false)]
    [InlineData("", false)]
    [InlineData("uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu", false)] // 65
    public void UserNamesAreASafeCharacterSet(string name, bool safe) => Assert.Equal(safe, UserNames.IsSafe(name));

    [Fact]
    public void APrincipalWithAnUnsafeNameIsNobody()
    {
        var user = new CurrentUser();
        user.Set(CurrentUser.Principal("ali\u202Ece", ConsoleRoles.Admin));
        Assert.Null(user.Name);
        Assert.Null(user.Role);
    }

    [Theory]
    [InlineData("4f9c4f4e-7d0a-4c1b-9d54-1d3c5e1f8a2b", true)]
    [InlineData("order.flow_42-b", true)]
    [InlineData("conv 42", false)]
    [InlineData("conv\u200B42", false)]
    [InlineData("{4f9c4f4e-7d0a-4c1b-9d54-1d3c5e1f8a2b}", false)]
    [InlineData("", false)]
    public void CorrelationIdsHaveAStrictFormat(string id, bool valid) => Assert.Equal(valid, CorrelationIds.IsValid(id));

    [Theory]
    [InlineData("/orders?search=x", "/orders?search=x")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData(null, "/")]
    public void TheSignInPageReturnsOnlyToAPathOnThisSite(string? returnUrl, string expected) =>
        Assert.Equal(expected, Login.LocalReturnUrl(returnUrl));
}
