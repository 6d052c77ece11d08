using BlazorEs.Infrastructure.Export;
using BlazorEs.Infrastructure.Integrity;

namespace BlazorEs.App.Export;

/// <summary>
/// <c>dotnet run --project App -- verify-export FILE --key BASE64</c> (or <c>--key-file PATH</c>): checks an evidence
/// export offline and exits 0 when it verifies, 1 when it does not, 2 on a usage error. No database, no web host.
/// </summary>
public static class VerifyExportCommand
{
    public const string Name = "verify-export";

    public static bool TryRun(string[] args, TextWriter output, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0] != Name) return false;
        exitCode = Run(args, output);
        return true;
    }

    private static int Run(string[] args, TextWriter output)
    {
        string? Value(string option) => Array.IndexOf(args, option) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var file = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : null;
        var keyText = Value("--key") ?? (Value("--key-file") is { } keyFile && File.Exists(keyFile) ? File.ReadAllText(keyFile) : null);
        if (file is null || keyText is null)
        {
            output.WriteLine($"usage: dotnet run --project App -- {Name} FILE --key BASE64 | --key-file PATH");
            return 2;
        }
        if (!File.Exists(file))
        {
            output.WriteLine($"No such file: {file}");
            return 2;
        }
        IntegrityKey key;
        try
        {
            key = new IntegrityKey(Convert.FromBase64String(keyText.Trim()));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            output.WriteLine($"The key is not usable: {ex.Message}");
            return 2;
        }

        var result = ExportVerifier.Verify(file, key);
        if (result.Manifest is { } m)
            output.WriteLine($"{file}: {result.Events:N0} events, positions {m.FirstPosition}–{m.LastPosition}, exported {m.ExportedAt:yyyy-MM-dd HH:mm:ss} UTC by {m.ExportedBy}, filters {(m.Filters.Count == 0 ? "none" : string.Join("&", m.Filters.Select(f => $"{f.Key}={f.Value}")))}, {m.Checkpoints.Count} signed checkpoints");
        foreach (var problem in result.Problems) output.WriteLine($"  FAIL: {problem}");
        output.WriteLine(result.Verifies ? "VERIFIED: every hash, the links, the manifest and its signature check out." : "NOT VERIFIED.");
        return result.Verifies ? 0 : 1;
    }
}
