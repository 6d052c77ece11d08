using System.Security.Claims;

namespace BlazorEs.Infrastructure.Accounts;

/// <summary>
/// The four roles of the console and what each may do, declared once: the App builds its authorization policies from
/// <see cref="Policies"/> (endpoints, hub, screens), and the pipeline's authorization step checks the same table for
/// messages sent in process (a console circuit). viewer: every screen and GET; auditor: viewer + exports and integrity
/// checks; operator: viewer + commands, projection retry and skip; admin: everything, including rebuild, compensation
/// and user management.
/// </summary>
public static class ConsoleRoles
{
    public const string Viewer = "viewer";
    public const string Auditor = "auditor";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Auditor, Operator, Admin];

    public const string View = "view";
    public const string Audit = "audit";
    public const string Operate = "operate";
    public const string Administer = "administer";

    /// <summary>Policy → the roles that pass it, and the weakest role a person must be given to pass (for tooltips).</summary>
    public static readonly IReadOnlyDictionary<string, (string[] Roles, string Needs)> Policies = new Dictionary<string, (string[], string)>
    {
        [View] = ([Viewer, Auditor, Operator, Admin], Viewer),
        [Audit] = ([Auditor, Admin], Auditor),
        [Operate] = ([Operator, Admin], Operator),
        [Administer] = ([Admin], Admin),
    };

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    public static string Unknown(string? role) => $"'{role}' is not a role. Roles: {string.Join(", ", All)}.";

    /// <summary>Whether a signed-in <paramref name="user"/> passes <paramref name="policy"/> (one of its roles).</summary>
    public static bool Allows(ClaimsPrincipal user, string policy) =>
        user.Identity?.IsAuthenticated == true && Policies[policy].Roles.Any(user.IsInRole);

    public static bool RoleAllows(string? role, string policy) => role is not null && Policies[policy].Roles.Contains(role);
}
