using BlazorEs.Infrastructure.Accounts;

namespace BlazorEs.App.Auth.Oidc;

/// <summary>
/// The "Auth:Oidc" section: sign-in at an organisation's OpenID Connect issuer. Off while <see cref="Authority"/> is
/// empty. Checked at start (<see cref="Validate"/>): a wrong value stops start-up with a message naming its key.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Auth:Oidc";

    /// <summary>The issuer's address (its metadata is at /.well-known/openid-configuration below it); https unless <see cref="RequireHttpsMetadata"/> is false.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Keep it out of appsettings.json: set it by environment (Auth__Oidc__ClientSecret) or a secret store.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>False only for an issuer on plain http (Development, tests): then http is allowed for the authority and the handler's cookies.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim whose values <see cref="RoleMap"/> maps (e.g. "role", "groups", "roles").</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Claim value → console role (viewer, auditor, operator, admin); values are compared exactly. Several matches: the strongest role.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    /// <summary>The role of a user whose claims map to none; unset, such a user is refused.</summary>
    public string? DefaultRole { get; set; }

    /// <summary>The button says "Sign in with {DisplayName}"; the issuer's host when unset.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Scopes asked for besides "openid" (always asked for); empty means "profile" and "email". (Empty by default: the binder adds configured entries to a list's defaults.)</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>What the challenge asks for.</summary>
    public IReadOnlyList<string> RequestedScopes => ["openid", .. (Scopes.Count == 0 ? ["profile", "email"] : Scopes).Where(s => s != "openid").Distinct()];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>What the sign-in page calls the issuer.</summary>
    public string ShownName => DisplayName is { Length: > 0 } name ? name
        : Uri.TryCreate(Authority, UriKind.Absolute, out var uri) ? uri.Host : "OpenID Connect";

    /// <summary>
    /// The login provider an account is linked under: the issuer's address, because a subject id ("sub") is unique
    /// only within its issuer — an account linked at one issuer is never matched by another's equal sub.
    /// </summary>
    public string LoginProvider => "oidc:" + new Uri(Authority!, UriKind.Absolute).AbsoluteUri.TrimEnd('/');

    /// <summary>The console role for the user's claim values: the strongest one mapped, else <see cref="DefaultRole"/>, else null.</summary>
    public string? MapRole(IEnumerable<string> claimValues)
    {
        var mapped = claimValues.Select(v => RoleMap.GetValueOrDefault(v)).OfType<string>().ToHashSet();
        return ConsoleRoles.All.LastOrDefault(mapped.Contains) ?? (DefaultRole is { Length: > 0 } role ? role : null);
    }

    /// <summary>Null when usable (or off); else what is wrong, naming the key.</summary>
    public string? Validate()
    {
        if (!Enabled) return null;
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
            return $"{Section}:Authority '{Authority}' is not an absolute https:// address of an issuer.";
        if (authority.Scheme == "http" && RequireHttpsMetadata)
            return $"{Section}:Authority '{Authority}' is http: an issuer must be reached over https (set {Section}:RequireHttpsMetadata=false only for a development issuer).";
        if (Authority!.Length > 200) return $"{Section}:Authority is longer than 200 characters.";
        if (string.IsNullOrWhiteSpace(ClientId)) return $"{Section}:ClientId is required when {Section}:Authority is set.";
        if (string.IsNullOrWhiteSpace(ClientSecret)) return $"{Section}:ClientSecret is required when {Section}:Authority is set.";
        if (string.IsNullOrWhiteSpace(RoleClaim)) return $"{Section}:RoleClaim must name a claim (e.g. \"role\" or \"groups\").";
        foreach (var (value, role) in RoleMap)
            if (!ConsoleRoles.IsKnown(role)) return $"{Section}:RoleMap:{value} is '{role}', which is not a role. Roles: {string.Join(", ", ConsoleRoles.All)}.";
        if (DefaultRole is { Length: > 0 } && !ConsoleRoles.IsKnown(DefaultRole))
            return $"{Section}:DefaultRole is '{DefaultRole}', which is not a role. Roles: {string.Join(", ", ConsoleRoles.All)}.";
        if (RoleMap.Count == 0 && string.IsNullOrEmpty(DefaultRole))
            return $"{Section}:RoleMap is empty and {Section}:DefaultRole unset: nobody from the issuer could sign in. Map at least one {RoleClaim} value to a role.";
        if (Scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Any(char.IsWhiteSpace)))
            return $"{Section}:Scopes holds an empty scope or one with a space; give one scope per entry.";
        return null;
    }
}
