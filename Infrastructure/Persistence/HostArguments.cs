namespace BlazorEs.Infrastructure.Persistence;

/// <summary>
/// What every host of the store starts with, ahead of its own arguments (so those can override it): configuration
/// reload-on-change off. Its file watcher watches the content root recursively, and the SQLite database lives under
/// it by default (data/): every write to the WAL woke the watcher's thread, about 5% of the process's CPU in the
/// commands benchmark's profile. Configuration changes take a restart; <c>--hostBuilder:reloadConfigOnChange=true</c>
/// turns the watching back on.
/// </summary>
public static class HostArguments
{
    public static string[] With(params string[] args) => ["--hostBuilder:reloadConfigOnChange=false", .. args];
}
