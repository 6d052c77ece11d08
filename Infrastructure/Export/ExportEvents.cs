namespace BlazorEs.Infrastructure.Export;

/// <summary>
/// The export audit stream's first event of an export, recorded before anything is streamed: who (the metadata's user)
/// asked for what (format, filters). An export that never finished — the client went away, the process was killed —
/// leaves this without its <see cref="EventsExported"/>; a finished one's EventsExported has the same correlation id.
/// </summary>
public sealed record EventsExportStarted(string Format, string Filters);

/// <summary>The export audit stream's event: who exported what (format, filters) and how much.</summary>
public sealed record EventsExported(string Format, string Filters, long Count, long? FirstPosition, long? LastPosition, string ManifestSignature);

public static class ExportStreams
{
    public const string Audit = "export-audit";
}
