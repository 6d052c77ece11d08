using System.Collections.Frozen;
using System.Reflection;
using BlazorEs.Domain.Errors;

using FluentValidation;
using FluentValidation.Results;

namespace BlazorEs.Domain;

/// <summary>
/// Field validation of every warehouse command, keyed by field name (e.g. <c>Lines[0].Quantity</c>). A command's
/// rules are its FluentValidation validator next to it (<c>…CommandValidators.cs</c>), found once in this assembly:
/// adding a command with rules is adding its validator, nothing here.
/// </summary>
public static class CommandValidation
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = FrozenDictionary<string, string[]>.Empty;

    // Validators are stateless and thread-safe once built; building them is the expensive part, so each is built
    // once, and a command finds its own by one dictionary lookup on its type.
    private static readonly FrozenDictionary<Type, Func<IWarehouseCommand, ValidationResult>> Rules = FindRules();

    /// <summary>
    /// The field errors of <paramref name="command"/>; empty when it is valid.
    /// A command type without a validator has no field rules and is reported valid.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Errors(IWarehouseCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!Rules.TryGetValue(command.GetType(), out var rules)) return NoErrors;

        var result = rules(command);
        if (result.IsValid) return NoErrors;
        return result.Errors
            .GroupBy(e => e.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Throws a <see cref="DomainErrorKind.Validation"/> error carrying the field errors, if there are any.</summary>
    public static void ThrowIfInvalid(IWarehouseCommand command)
    {
        IReadOnlyDictionary<string, string[]> errors = Errors(command);
        if (errors.Count > 0)
        {
            string messages = string.Join(" ", errors.Values.SelectMany(m => m));
            throw new DomainException(DomainErrorKind.Validation, $"{command.GetType().Name} is invalid: {messages}", errors);
        }
    }

    private static FrozenDictionary<Type, Func<IWarehouseCommand, ValidationResult>> FindRules()
    {
        var forCommand = typeof(CommandValidation).GetMethod(nameof(ForCommand), BindingFlags.NonPublic | BindingFlags.Static)!;
        return typeof(CommandValidation).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, BaseType.IsConstructedGenericType: true }
                        && t.BaseType.GetGenericTypeDefinition() == typeof(AbstractValidator<>)
                        && typeof(IWarehouseCommand).IsAssignableFrom(t.BaseType.GetGenericArguments()[0]))
            .ToFrozenDictionary(
                t => t.BaseType!.GetGenericArguments()[0],
                t => (Func<IWarehouseCommand, ValidationResult>)forCommand
                    .MakeGenericMethod(t.BaseType!.GetGenericArguments()[0])
                    .Invoke(null, [Activator.CreateInstance(t, nonPublic: true)])!);
    }

    // The typed call, so validating costs what calling the validator directly costs.
    private static Func<IWarehouseCommand, ValidationResult> ForCommand<T>(AbstractValidator<T> validator) where T : IWarehouseCommand =>
        command => validator.Validate((T)command);
}
