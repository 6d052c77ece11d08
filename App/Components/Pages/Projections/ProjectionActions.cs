using BlazorEs.App.Components.Shared;
using BlazorEs.Infrastructure.Operations;
using BlazorEs.Infrastructure.Projections;
using MudBlazor;

namespace BlazorEs.App.Components.Pages.Projections;

/// <summary>
/// The operator actions on a projection. Each asks why (the reason goes to the operator audit stream), skip also asks
/// for an explicit confirmation, then sends the command; null when the operator cancelled or the command failed.
/// </summary>
public sealed class ProjectionActions(IDialogService dialogs, ConsoleCommands commands)
{
    public async Task<OperatorActionResult?> RetryAsync(ProjectionStatus s)
    {
        var reason = await AskAsync($"Retry {s.Name}", $"Apply event #{s.ParkedAt} to {s.Name} again (after the cause was fixed).", "Retry");
        return reason is null ? null : (await commands.SendAsync(new RetryProjection(s.Name, reason, s.ParkedAt ?? 0), $"{s.Name}: retried event #{s.ParkedAt}.")).Result;
    }

    public async Task<OperatorActionResult?> SkipAsync(ProjectionStatus s)
    {
        var reason = await AskAsync($"Skip event #{s.ParkedAt} in {s.Name}",
            $"{s.Name} moves past event #{s.ParkedAt} without applying it: its rows will not reflect that event.", "Skip event",
            $"I understand event #{s.ParkedAt} will never be applied to {s.Name}.");
        return reason is null ? null : (await commands.SendAsync(new SkipProjectionEvent(s.Name, reason, s.ParkedAt ?? 0), $"{s.Name}: skipped event #{s.ParkedAt}.")).Result;
    }

    public async Task<OperatorActionResult?> RebuildAsync(ProjectionStatus s)
    {
        var reason = await AskAsync($"Rebuild {s.Name}",
            $"Replays all {s.Head:N0} events in memory, then replaces the live rows and checks them in one transaction. The live table serves the old rows until then.",
            "Rebuild");
        return reason is null ? null : (await commands.SendAsync(new RebuildProjection(s.Name, reason), $"{s.Name}: rebuild queued.")).Result;
    }

    private async Task<string?> AskAsync(string title, string message, string action, string? confirmation = null)
    {
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Message, message },
            { d => d.ActionText, action },
            { d => d.Confirmation, confirmation },
        };
        var dialog = await dialogs.ShowAsync<ReasonDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: string reason } ? reason : null;
    }
}
