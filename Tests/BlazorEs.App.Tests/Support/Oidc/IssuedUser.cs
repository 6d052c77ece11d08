namespace BlazorEs.App.Tests.Support.Oidc;

/// <summary>Who the test issuer signs in: the claims it puts in the id token, the access token and the userinfo answer.</summary>
public sealed record IssuedUser(string Subject, string? PreferredUserName, string? Email, params string[] Roles);
