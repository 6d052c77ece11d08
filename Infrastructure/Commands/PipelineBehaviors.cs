using System.Diagnostics;
using System.Diagnostics.Metrics;
using BlazorEs.Domain.Errors;
using BlazorEs.Infrastructure.Accounts;
using BlazorEs.Infrastructure.Telemetry;
using Mediator;
using Microsoft.Extensions.Logging;

namespace BlazorEs.Infrastructure.Commands;

/// <summary>Refuses a message with field errors before its handler runs: nothing is loaded, nothing is written.</summary>
public sealed class ValidationBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IValidatable validatable)
        {
            var errors = validatable.Validate();
            if (errors.Count > 0)
                throw new DomainException(DomainErrorKind.Validation, "One or more fields are invalid.", errors);
        }
        return next(message, cancellationToken);
    }
}

/// <summary>
/// Fills in who (the signed-in user, never anything the caller declares), which command id and which conversation a
/// command belongs to, and opens the log scope that carries them (CorrelationId, CommandId, User) on every line the
/// command causes; the user's name is the only personal data. Only in-process callers that replay history (the demo
/// seed) name the user in the options.
/// </summary>
public sealed class CommandMetadataBehavior<TMessage, TResponse>(ICurrentUser user, ILogger<CommandMetadataBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not ExecuteCommand command) return await next(message, cancellationToken);
        var options = command.Options ?? new CommandOptions();
        var commandId = string.IsNullOrWhiteSpace(options.CommandId) ? Guid.CreateVersion7().ToString() : options.CommandId;
        var correlationId = string.IsNullOrWhiteSpace(options.CorrelationId) ? commandId : options.CorrelationId;
        options = options with
        {
            CommandId = commandId,
            CorrelationId = correlationId,
            CausationId = string.IsNullOrWhiteSpace(options.CausationId) ? commandId : options.CausationId,
            User = string.IsNullOrWhiteSpace(options.User) ? user.Name ?? throw new NotSignedInException() : options.User,
        };
        using var scope = logger.BeginScope(new CommandLogScope(correlationId, commandId, options.User!, command.Name));
        using var span = Tracing.Source.StartActivity($"command {command.Name}");
        span?.SetTag("blazores.command", command.Name);
        span?.SetTag("blazores.command_id", commandId);
        span?.SetTag(Tracing.CorrelationTag, correlationId);
        span?.SetTag("enduser.id", options.User);
        try
        {
            var response = await next((TMessage)(object)(command with { Options = options }), cancellationToken);
            CommandMetrics.Completed(command.Name, "ok");
            return response;
        }
        catch (Exception ex)
        {
            var outcome = CommandMetrics.OutcomeOf(ex);
            CommandMetrics.Completed(command.Name, outcome);
            span?.SetStatus(ActivityStatusCode.Error, outcome);
            throw;
        }
    }
}

/// <summary>Measures every message: a histogram for dashboards and a debug log line.</summary>
public sealed class TimingBehavior<TMessage, TResponse>(ILogger<TimingBehavior<TMessage, TResponse>> logger) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly Meter Meter = new("BlazorEs.Commands");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("blazores.message.duration", "ms");

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var name = message is ExecuteCommand command ? command.Name : typeof(TMessage).Name;
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Duration.Record(elapsed, new KeyValuePair<string, object?>("message", name));
            logger.LogDebug("{Message} took {Elapsed:F1} ms", name, elapsed);
        }
    }
}

/// <summary>
/// Refuses a message the acting user's role may not send, before anything is loaded: the same table as the App's
/// policies (<see cref="ConsoleRoles.Policies"/>), so a console circuit is held to what the API is. A command whose
/// options name the user (the demo seed replaying history in process) has no principal to check.
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(ICurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (MessagePolicies.For(message) is { } policy && !(message is ExecuteCommand { Options.User: { Length: > 0 } } && user.Name is null))
        {
            if (user.Name is null) throw new NotSignedInException();
            if (!ConsoleRoles.RoleAllows(user.Role, policy)) throw new NotPermittedException(user.Name, user.Role, policy);
        }
        return next(message, cancellationToken);
    }
}
