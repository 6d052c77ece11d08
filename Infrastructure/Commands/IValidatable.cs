namespace BlazorEs.Infrastructure.Commands;

/// <summary>A message that can list its own field errors before any handler runs.</summary>
public interface IValidatable
{
    IReadOnlyDictionary<string, string[]> Validate();
}
