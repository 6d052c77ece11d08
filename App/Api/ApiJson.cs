using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BlazorEs.App.Api;

/// <summary>How the HTTP API reads command bodies: strict, so a typo or a missing field is an error, not a default.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A constructor parameter declared nullable (e.g. PlaceOrder's orderId) is optional: when the body leaves it
    /// out it becomes null, while every non-nullable parameter stays required.
    /// </summary>
    public static void DefaultOptionalMembers(JsonObject body, Type type)
    {
        var nullability = new NullabilityInfoContext(); // not thread-safe: one per call
        var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length);
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            var nullable = Nullable.GetUnderlyingType(parameter.ParameterType) is not null
                || (!parameter.ParameterType.IsValueType && nullability.Create(parameter).WriteState == NullabilityState.Nullable);
            if (nullable && !body.Any(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)))
                body[name] = null;
        }
    }
}
