using System.Runtime.CompilerServices;
using Bunit;

namespace BlazorEs.App.Tests.Support;

internal static class BunitDefaults
{
    /// <summary>
    /// Screens here read a real SQLite store and CI machines are shared: bUnit's one-second default for WaitFor is
    /// a flake, not a check. Waits still end the moment their assertion passes.
    /// </summary>
    [ModuleInitializer]
    internal static void WaitLongerOnBusyMachines() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
}
