namespace BlazorEs.Infrastructure.Commands;

/// <summary>Who commands are recorded as. Until real sign-in exists it comes from the X-User header or the console's user picker.</summary>
public interface ICurrentUser
{
    string Name { get; }
}

public sealed class CurrentUser : ICurrentUser
{
    public const string Anonymous = "anonymous";
    public const int MaxLength = 100;

    public string Name { get; private set; } = Anonymous;

    /// <summary>Sets the user; returns an error message (and changes nothing) when the name is not acceptable.</summary>
    public string? TrySet(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) { Name = Anonymous; return null; }
        name = name.Trim();
        if (name.Length > MaxLength) return $"The user name must be at most {MaxLength} characters.";
        if (name.Any(char.IsControl)) return "The user name must not contain control characters.";
        Name = name;
        return null;
    }
}
