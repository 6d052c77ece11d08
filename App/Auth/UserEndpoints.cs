using BlazorEs.App.Api;
using BlazorEs.Infrastructure.Accounts;
using Mediator;

namespace BlazorEs.App.Auth;

/// <summary>
/// /api/users (admin): list, create with a role, change role, lock / unlock, reset the password. JSON bodies only (a
/// cross-site form is refused before anything is read); each change is recorded in the accounts audit stream.
/// </summary>
internal static class UserEndpoints
{
    public sealed record CreateBody(string? UserName, string? Password, string? Role);

    public sealed record RoleBody(string? Role);

    public sealed record ReasonBody(string? Reason);

    public sealed record PasswordBody(string? Password);

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").RequireAuthorization(ConsolePolicies.Administer);
        group.MapGet("/", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetUsers(), ct)))
            .WithName("GetUsers").WithSummary("Every account: user name, role, locked, failed sign-ins.")
            .Produces<IReadOnlyList<UserAccount>>();
        group.MapPost("/", (HttpRequest request, IMediator mediator, CancellationToken ct) =>
                SendAsync<CreateBody>(request, b => new CreateUser(b.UserName ?? "", b.Password ?? "", b.Role ?? ""), mediator, ct,
                    account => Results.Created($"/api/users/{Uri.EscapeDataString(account.UserName)}", account)))
            .WithName("CreateUser").WithSummary("Creates an account from {userName, password, role}; 201.")
            .Accepts<CreateBody>("application/json").Produces<UserAccount>(StatusCodes.Status201Created).AccountProblems();
        group.MapPut("/{userName}/role", (string userName, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                SendAsync<RoleBody>(request, b => new ChangeUserRole(userName, b.Role ?? ""), mediator, ct))
            .WithName("ChangeUserRole").WithSummary("Gives the account the role in {role}.")
            .Accepts<RoleBody>("application/json").Produces<UserAccount>().AccountProblems();
        group.MapPost("/{userName}/lock", (string userName, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                SendAsync<ReasonBody>(request, b => new LockUser(userName, b.Reason ?? ""), mediator, ct))
            .WithName("LockUser").WithSummary("Locks the account until unlocked, with {reason}.")
            .Accepts<ReasonBody>("application/json").Produces<UserAccount>().AccountProblems();
        group.MapPost("/{userName}/unlock", (string userName, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                SendAsync<ReasonBody>(request, _ => new UnlockUser(userName), mediator, ct))
            .WithName("UnlockUser").WithSummary("Lets a locked account sign in again (body {} or {reason}).")
            .Accepts<ReasonBody>("application/json").Produces<UserAccount>().AccountProblems();
        group.MapPost("/{userName}/password", (string userName, HttpRequest request, IMediator mediator, CancellationToken ct) =>
                SendAsync<PasswordBody>(request, b => new ResetUserPassword(userName, b.Password ?? ""), mediator, ct))
            .WithName("ResetUserPassword").WithSummary("Sets the new {password} an admin chose.")
            .Accepts<PasswordBody>("application/json").Produces<UserAccount>().AccountProblems();
        return app;
    }

    /// <summary>What an account change may answer besides the account: unknown user, a name taken or the last admin, not JSON, a rule.</summary>
    private static RouteHandlerBuilder AccountProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> SendAsync<TBody>(
        HttpRequest request, Func<TBody, ICommand<UserAccount>> command, IMediator mediator, CancellationToken ct, Func<UserAccount, IResult>? answer = null)
        where TBody : class
    {
        if (!request.HasJsonContentType())
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as JSON with Content-Type: application/json.");
        try
        {
            var body = await request.ReadFromJsonAsync<TBody>(ApiJson.Strict, ct)
                ?? throw new System.Text.Json.JsonException("The body is empty.");
            var account = await mediator.Send(command(body), ct);
            return answer?.Invoke(account) ?? Results.Ok(account);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.From(ex);
        }
    }
}
