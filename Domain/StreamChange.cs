namespace BlazorEs.Domain;

/// <summary>New events a decision wants appended to one stream.</summary>
public sealed record StreamChange(string StreamId, IReadOnlyList<object> Events);
