namespace BlazorEs.Infrastructure.Export;

/// <summary>The export audit stream's event: who exported what (format, filters) and how much.</summary>
public sealed record EventsExported(string Format, string Filters, long Count, long? FirstPosition, long? LastPosition, string ManifestSignature);

public static class ExportStreams
{
    public const string Audit = "export-audit";
}
