using System.Text.RegularExpressions;

namespace BlazorEs.Infrastructure.Accounts;

/// <summary>
/// The characters a user name may hold: letters and digits of ASCII, dot, dash, underscore and @ — nothing that
/// renders differently from what is stored (no right-to-left override, no zero-width space, no look-alike letters).
/// The same set is given to Identity's <c>AllowedUserNameCharacters</c> and checked again on every principal.
/// </summary>
public static partial class UserNames
{
    public const int MaxLength = 64;
    public const string AllowedCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@";
    public const string Rule = "A user name is 1–64 characters of A–Z, a–z, 0–9, '.', '_', '-' and '@'.";

    public static bool IsSafe(string? name) => name is not null && SafeName().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,64}\z")]
    private static partial Regex SafeName();
}
