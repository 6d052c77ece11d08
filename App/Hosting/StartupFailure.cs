using BlazorEs.Infrastructure.Settings;
using Microsoft.Extensions.Options;

namespace BlazorEs.App.Hosting;

/// <summary>
/// Start-up stopped by a setting — a section that fails its validation (ValidateOnStart) or a value the app cannot use
/// (<see cref="InvalidSettingException"/>) — ends with one line naming the key, on stderr and through the logger once
/// there is one, and exit code 1: the fix is a setting, and a stack trace would bury it. Any other exception is a bug
/// and is not caught here: it still crashes loudly.
/// </summary>
internal static class StartupFailure
{
    public const int ExitCode = 1;

    /// <summary>Checks every validated section now, together, before the pipeline is built and anything starts.</summary>
    public static void ValidateSettings(this WebApplication app) => app.Services.GetService<IStartupValidator>()?.Validate();

    /// <summary>The message of a configuration error (several at once joined), or null for anything else.</summary>
    public static string? SettingsProblem(Exception exception) => exception switch
    {
        OptionsValidationException e => string.Join(" ", e.Failures),
        InvalidSettingException e => e.Message,
        AggregateException { InnerExceptions.Count: > 0 } e when e.InnerExceptions.All(i => SettingsProblem(i) is not null) =>
            string.Join(" ", e.InnerExceptions.Select(SettingsProblem)),
        _ => null,
    };

    /// <summary>Says why start-up stopped and ends the app (its log flushed); returns the exit code.</summary>
    public static async Task<int> ReportAsync(string problem, WebApplication? app)
    {
        await Console.Error.WriteLineAsync($"BlazorEs did not start: {problem}");
        if (app is null) return ExitCode;
        try
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BlazorEs.Startup")
                .LogCritical("BlazorEs did not start: {Problem}", problem);
            await app.DisposeAsync(); // flushes the console logger's queue
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or OptionsValidationException)
        {
            // Disposing what a failed start left behind may fail in turn; the line above on stderr is what counts.
        }
        return ExitCode;
    }
}
