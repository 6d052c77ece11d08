using BlazorEs.Domain.Errors;

namespace BlazorEs.Domain.Tests;

internal static class Then
{
    /// <summary>Asserts that <paramref name="when"/> is refused with <paramref name="kind"/> and a message containing <paramref name="fragment"/>.</summary>
    public static DomainException Refused(Func<object> when, DomainErrorKind kind, string fragment)
    {
        DomainException error = Assert.Throws<DomainException>(when);
        Assert.Equal(kind, error.Kind);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        return error;
    }

    /// <summary>Asserts a validation refusal that names exactly <paramref name="fields"/>.</summary>
    public static void InvalidFields(Func<object> when, params string[] fields)
    {
        DomainException error = Assert.Throws<DomainException>(when);
        Assert.Equal(DomainErrorKind.Validation, error.Kind);
        Assert.Equal(fields.Order(StringComparer.Ordinal), error.FieldErrors.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Asserts that field validation reports exactly <paramref name="fields"/>, each with a message.</summary>
    public static void FieldErrors(IWarehouseCommand command, params string[] fields)
    {
        IReadOnlyDictionary<string, string[]> errors = CommandValidation.Errors(command);
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.NotEmpty(messages));
    }

    /// <summary>Asserts a change per stream, each with its exact events (records compare by value).</summary>
    public static void Changes(IReadOnlyList<StreamChange> actual, params (string StreamId, object[] Events)[] expected)
    {
        Assert.Equal(expected.Select(e => e.StreamId), actual.Select(c => c.StreamId));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Events, actual[i].Events);
        }
    }
}
