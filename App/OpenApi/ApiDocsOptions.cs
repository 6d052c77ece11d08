namespace BlazorEs.App.OpenApi;

/// <summary>The "ApiDocs" section: the OpenAPI document (/openapi/v1.json) and the interactive reference (/docs).</summary>
public sealed class ApiDocsOptions
{
    /// <summary>
    /// On by default, anonymous: the document says nothing a client of the API may not know, and every operation it
    /// describes asks for its own authorization. A deployment that wants no public map of its API sets this false.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
