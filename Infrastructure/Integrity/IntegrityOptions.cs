namespace BlazorEs.Infrastructure.Integrity;

/// <summary>The "Integrity" configuration section.</summary>
public sealed record IntegrityOptions
{
    /// <summary>A signed checkpoint at least every this many events.</summary>
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>And at least this often while there were new events.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The signing key, base64 of at least 32 bytes. Kept outside the database (environment, secret store).</summary>
    public string? SigningKey { get; init; }

    /// <summary>Or a file holding it (base64). In Development without either, a key is generated into the data folder.</summary>
    public string? SigningKeyFile { get; init; }

    /// <summary>How long the monitor waits after a commit before verifying what came in (commits in between are verified together).</summary>
    public TimeSpan VerifyDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The section's first wrong value, naming its key; outside Development a missing key is one (and what to give
    /// instead). Checked at start (ValidateOnStart), before anything signs or verifies.
    /// </summary>
    public string? Validate(bool development)
    {
        if (!string.IsNullOrWhiteSpace(SigningKey) && IntegrityKey.Problem(SigningKey, "Integrity:SigningKey") is { } keyProblem) return keyProblem;
        if (string.IsNullOrWhiteSpace(SigningKey) && !string.IsNullOrWhiteSpace(SigningKeyFile))
        {
            if (!File.Exists(SigningKeyFile)) return $"Integrity:SigningKeyFile is '{SigningKeyFile}', which does not exist.";
            if (IntegrityKey.Problem(File.ReadAllText(SigningKeyFile), $"Integrity:SigningKeyFile ({SigningKeyFile})") is { } fileProblem) return fileProblem;
        }
        if (string.IsNullOrWhiteSpace(SigningKey) && string.IsNullOrWhiteSpace(SigningKeyFile) && !development)
            return IntegrityKey.MissingMessage;
        if (CheckpointEvery is < 1 or > 10_000_000) return "Integrity:CheckpointEvery must be between 1 and 10000000.";
        if (CheckpointInterval < TimeSpan.FromSeconds(1) || CheckpointInterval > TimeSpan.FromDays(1))
            return "Integrity:CheckpointInterval must be between 00:00:01 and 1.00:00:00.";
        if (VerifyDelay < TimeSpan.Zero || VerifyDelay > TimeSpan.FromMinutes(1)) return "Integrity:VerifyDelay must be between 0 and 00:01:00.";
        return null;
    }
}
