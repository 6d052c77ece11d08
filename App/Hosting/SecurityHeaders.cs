using System.Security.Cryptography;

namespace BlazorEs.App.Hosting;

/// <summary>
/// X-Content-Type-Options, Referrer-Policy and a Content-Security-Policy on every response. The policy allows what
/// the console needs and nothing else: scripts from the app itself (blazor.web.js, MudBlazor.min.js, the components'
/// modules) plus the one inline import map, by a per-request nonce (<see cref="Nonce"/>); MudBlazor sets inline
/// style attributes, so styles allow 'unsafe-inline'; the circuit's WebSocket is same-origin ('self'). Blazor
/// Server needs no 'unsafe-eval' (only WebAssembly needs 'wasm-unsafe-eval'). The interactive API reference at /docs
/// (Scalar) runs an inline configuration script and is given its own, looser policy.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string NonceKey = "csp-nonce";

    public const string Policy =
        "default-src 'self'; script-src 'self' 'nonce-{0}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>The nonce this request's page gives its inline import map (App.razor).</summary>
    public static string? Nonce(HttpContext? context) => context?.Items[NonceKey] as string;

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs")
            ? DocsPolicy
            : string.Format(System.Globalization.CultureInfo.InvariantCulture, Policy, nonce);
        return next(context);
    }
}
