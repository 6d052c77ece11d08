using BlazorEs.Domain;
using BlazorEs.Infrastructure.Commands;
using BlazorEs.Infrastructure.EventStore;
using Mediator;
using MudBlazor;

namespace BlazorEs.App.Components.Shared;

/// <summary>
/// How a screen sends a command: through the mediator, as the console's current user, with the outcome confirmed or
/// explained in a snackbar (a dialog that shows the refusal itself asks for no snackbar on failure).
/// Screens disable their controls while <see cref="SendAsync"/> runs.
/// </summary>
public sealed class ConsoleCommands(IMediator mediator, ISnackbar snackbar, ILogger<ConsoleCommands> logger)
{
    /// <summary>Runs a warehouse command; <paramref name="expectedVersion"/> is the version of its stream the operator saw.</summary>
    public Task<CommandOutcome<CommitResult>> SendAsync(
        IWarehouseCommand command, long? expectedVersion = null, string? success = null, bool snackbarOnFailure = true) =>
        SendAsync(new ExecuteCommand(command, new CommandOptions(ExpectedVersion: expectedVersion)), success ?? $"{command.GetType().Name} done.", snackbarOnFailure);

    public async Task<CommandOutcome<T>> SendAsync<T>(ICommand<T> command, string success, bool snackbarOnFailure = true)
    {
        try
        {
            var result = await mediator.Send(command);
            snackbar.Add(success, Severity.Success);
            return CommandOutcome<T>.Success(result);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var outcome = CommandOutcome<T>.From(ex);
            if (outcome.Error!.StartsWith("The command could not", StringComparison.Ordinal))
                logger.LogError(ex, "{Command} failed", command.GetType().Name);
            if (snackbarOnFailure) snackbar.Add(outcome.Error, outcome.IsConflict ? Severity.Warning : Severity.Error);
            return outcome;
        }
    }
}
