using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BlazorEs.App.Api;

/// <summary>How the HTTP API reads command bodies: strict, so a typo or a missing field is an error, not a default.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NullableParametersAreOptional } },
    };

    /// <summary>A property given twice is refused: which one would count is a guess, and a guess is not strict.</summary>
    public static readonly JsonDocumentOptions Document = new() { AllowDuplicateProperties = false };

    public static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web);

    /// <summary>A parameter declared nullable means "may be left out" (PlaceOrder's OrderId: null asks for one to be assigned).</summary>
    private static void NullableParametersAreOptional(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.AssociatedParameter is { IsNullable: true }) property.IsRequired = false;
        }
    }
}
