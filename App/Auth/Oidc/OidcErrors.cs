using BlazorEs.Infrastructure.Accounts;

namespace BlazorEs.App.Auth.Oidc;

/// <summary>
/// Why a sign-in at the issuer ended on the sign-in page: the code travels as ?oidcError= (never the issuer's own
/// text, which the page would otherwise show to whoever crafted the link) and the page says it in words.
/// </summary>
public static class OidcErrors
{
    public const string Unmapped = "unmapped";
    public const string Refused = "refused";
    public const string Failed = "failed";
    public const string Unavailable = "unavailable";
    public const string Locked = "locked";
    public const string NameNotAllowed = "name_not_allowed";
    public const string NameMissing = "name_missing";
    public const string NameTaken = "name_taken";

    /// <summary>The sign-in page's message for <paramref name="code"/>; null for no or an unknown code.</summary>
    public static string? Describe(string? code, string issuer) => code switch
    {
        Unmapped => $"Your account at {issuer} has no role in this console. Ask an administrator for access.",
        Refused => $"{issuer} did not sign you in: the sign-in was cancelled or refused there.",
        Failed => $"The sign-in with {issuer} could not be completed (it may have expired or been used already). Try again.",
        Unavailable => $"{issuer} cannot be reached right now. Try again later.",
        Locked => "This account is locked after repeated failures or by an administrator. Try again later.",
        NameNotAllowed => $"The user name {issuer} gave is not allowed here. {UserNames.Rule}",
        NameMissing => $"{issuer} gave no user name (preferred_username or email) that this console can use.",
        NameTaken => $"The user name {issuer} gave belongs to another account here, which is never merged with yours. Ask an administrator.",
        _ => null,
    };

    /// <summary>Where a refused sign-in ends: the sign-in page with the reason (and where the user was going).</summary>
    public static string LoginPage(string code, string? returnUrl) =>
        $"/account/login?oidcError={code}" + (returnUrl is { Length: > 0 } and not "/" ? $"&returnUrl={Uri.EscapeDataString(returnUrl)}" : "");
}
