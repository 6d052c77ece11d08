using BlazorEs.Infrastructure.Projections;
using MudBlazor;

namespace BlazorEs.App.Components.Pages.Projections;

/// <summary>How a projection's numbers read to an operator: time first, then counts.</summary>
public static class ProjectionFormat
{
    public static string Lag(ProjectionStatus s) => s.LagEvents switch
    {
        0 => "up to date",
        _ when s.LagSeconds < 1 => "< 1 s behind",
        _ => $"{Duration(TimeSpan.FromSeconds(s.LagSeconds))} behind",
    };

    public static string Duration(TimeSpan t) => t.TotalSeconds switch
    {
        < 60 => $"{Math.Max(0, (int)t.TotalSeconds)} s",
        < 3600 => $"{(int)t.TotalMinutes} min {t.Seconds} s",
        < 86_400 => $"{(int)t.TotalHours} h {t.Minutes} min",
        _ => $"{(int)t.TotalDays} d {t.Hours} h",
    };

    public static Color StateColor(ProjectionState state) => state switch
    {
        ProjectionState.Live => Color.Success,
        ProjectionState.Parked => Color.Error,
        _ => Color.Warning,
    };

    public static string StateIcon(ProjectionState state) => state switch
    {
        ProjectionState.Live => Icons.Material.Filled.CheckCircle,
        ProjectionState.Parked => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.Sync,
    };

    public static string Phase(RebuildPhase phase) => phase switch
    {
        RebuildPhase.Replaying => "Replaying events",
        RebuildPhase.Swapping => "Replacing the live table",
        RebuildPhase.Done => "Done",
        _ => "Failed",
    };
}
