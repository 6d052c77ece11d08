using System.Text.Json;
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
}
