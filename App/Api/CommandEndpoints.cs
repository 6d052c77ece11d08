using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlazorEs.App.Auth;
using BlazorEs.Domain;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using BlazorEs.Infrastructure.Persistence;
using BlazorEs.Infrastructure.Projections;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace BlazorEs.App.Api;

/// <summary>POST /api/commands/{name}: the same commands the console sends, over HTTP.</summary>
internal static class CommandEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        // Any name (also in another case): an unknown one answers 404 listing the commands. Not in the API document:
        // each command has its own operation below.
        app.MapPost("/api/commands/{name}", SendAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .RequireAuthorization(ConsolePolicies.Operate)
            .WithName("SendCommand")
            .ExcludeFromDescription();
        // One route per command record, so the OpenAPI document describes each with its own request schema (the record).
        foreach (var name in CommandCatalog.Names)
        {
            CommandCatalog.TryFind(name, out var type);
            app.MapPost($"/api/commands/{name}", (HttpRequest request, IMediator mediator, ReadYourWrites readYourWrites, ProjectionCatalog projections,
                    [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, [FromHeader(Name = "X-Correlation-Id")] string? correlationId, CancellationToken ct) =>
                    SendAsync(name, request, mediator, readYourWrites, projections, idempotencyKey, correlationId, ct))
                .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
                .RequireAuthorization(ConsolePolicies.Operate)
                .WithName(name)
                .WithSummary($"Runs {name}.")
                .WithDescription("All or nothing: 200 with what the command wrote. ?wait=true[&projections=A,B][&timeoutMs=N] answers once the read " +
                                 "models show it (200, readModelsVisible true), or 202 when they did not in time (committed all the same).")
                .Accepts(type, "application/json")
                .Produces<CommitResult>()
                .Produces<WaitedCommitResult>(StatusCodes.Status202Accepted)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        }
        return app;
    }

    private static async Task<IResult> SendAsync(
        string name,
        HttpRequest request,
        IMediator mediator,
        ReadYourWrites readYourWrites,
        ProjectionCatalog projections,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [FromHeader(Name = "X-Correlation-Id")] string? correlationId,
        CancellationToken ct)
    {
        if (!CommandCatalog.TryFind(name, out var type))
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "Unknown command",
                $"There is no command '{name}'. Commands: {string.Join(", ", CommandCatalog.Names)}.");
        if (!request.HasJsonContentType())
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the command as JSON with Content-Type: application/json.");

        var q = new QueryReader(request.Query);
        var wait = q.Bool("wait");
        var waitFor = q.List("projections");
        var timeout = q.Long("timeoutMs", 1, 30_000);
        foreach (var unknown in waitFor.Where(n => !projections.TryGet(n, out _)))
            q.Errors["projections"] = [$"Unknown projection '{unknown}'. Projections: {string.Join(", ", projections.Names)}."];
        if (q.Errors.Count > 0) return ApiProblems.Validation(q.Errors);

        try
        {
            var body = await ReadBodyAsync(request, ct);
            if (body is null)
                return ApiProblems.BadRequest("body", "The body must be a JSON object.");

            var commandId = TakeString(body, "commandId") ?? idempotencyKey;
            var expectedVersion = TakeLong(body, "expectedVersion");
            var command = (IWarehouseCommand)body.Deserialize(type, ApiJson.Strict)!;
            var options = new CommandOptions(CommandId: commandId, CorrelationId: correlationId, ExpectedVersion: expectedVersion);
            var optionErrors = OptionErrors(options);
            if (optionErrors.Count > 0) return ApiProblems.Validation(optionErrors);

            var result = await mediator.Send(new ExecuteCommand(command, options), ct);
            if (!wait) return Results.Ok(result);

            // Read-your-writes: answer once the named projections (all by default) show this command.
            string? notVisible = null;
            try
            {
                if (!await readYourWrites.WaitAsync(result.LastPosition, waitFor, timeout is { } ms ? TimeSpan.FromMilliseconds(ms) : null, ct))
                    notVisible = "The read models did not reach this command's position in time; it is committed and will show shortly.";
            }
            catch (ProjectionParkedException parked)
            {
                notVisible = parked.Message;
            }
            var body202 = new WaitedCommitResult(result.CommandId, result.CorrelationId, result.Streams, result.LastPosition, result.Duplicate, notVisible is null, notVisible);
            return notVisible is null ? Results.Ok(body202) : Results.Json(body202, statusCode: StatusCodes.Status202Accepted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.From(ex); // a fault of the database: 503 with no stack, the stack in the log (StorageFaultLog)
        }
    }

    /// <summary>A command's answer with ?wait=true: what it wrote, and whether the read models showed it in time (detail says why not).</summary>
    internal sealed record WaitedCommitResult(
        string CommandId, string CorrelationId, IReadOnlyList<StreamVersion> Streams, long LastPosition, bool Duplicate, bool ReadModelsVisible, string? Detail);

    private static async Task<JsonObject?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        // Kestrel enforces the RequestSizeLimit above; a server that does not (TestServer, for one) is held to it here.
        if (request.ContentLength > MaxBodyBytes) throw BodyTooLarge();
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= MaxBodyBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBodyBytes + 1 - length), ct)) > 0)
                length += read;
            if (length > MaxBodyBytes) throw BodyTooLarge();

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(buffer.AsSpan(0, length), documentOptions: ApiJson.Document);
            }
            catch (JsonException)
            {
                throw new BodyNotJsonException();
            }
            return node as JsonObject;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static BadHttpRequestException BodyTooLarge() =>
        new($"The body must be at most {MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);

    private static string? TakeString(JsonObject body, string property)
    {
        if (!body.Remove(property, out var node) || node is null) return null;
        return node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw new JsonException($"'{property}' must be a string.", $"$.{property}", null, null);
    }

    private static long? TakeLong(JsonObject body, string property)
    {
        if (!body.Remove(property, out var node) || node is null) return null;
        return node is JsonValue value && value.TryGetValue<long>(out var number)
            ? number
            : throw new JsonException($"'{property}' must be an integer.", $"$.{property}", null, null);
    }

    private static Dictionary<string, string[]> OptionErrors(CommandOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (options.CommandId is { } id && (id.Length is 0 or > 64 || id.Any(char.IsControl)))
            errors["commandId"] = ["The command id must be 1–64 printable characters."];
        if (options.CorrelationId is { } co && !CorrelationIds.IsValid(co))
            errors["correlationId"] = [CorrelationIds.Rule];
        if (options.ExpectedVersion is < 0)
            errors["expectedVersion"] = ["The expected version must be 0 (new stream) or more."];
        return errors;
    }
}
