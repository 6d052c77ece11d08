namespace BlazorEs.Infrastructure.Settings;

/// <summary>
/// A setting the app cannot start with, outside what <c>ValidateOnStart</c> checks (a provider's connection string, a
/// key file, a migration the DBA has not applied yet). The message names the key and says what to give instead; the
/// console ends start-up with that one line, not a stack trace. An InvalidOperationException, as these always were.
/// </summary>
public sealed class InvalidSettingException(string message) : InvalidOperationException(message);
