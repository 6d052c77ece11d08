using BlazorEs.CrashTrials;

TrialOptions options;
try
{
    if (args is ["--help" or "-h"]) { Console.WriteLine(TrialOptions.Usage); return 0; }
    options = TrialOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(TrialOptions.Usage);
    return 2;
}

var appDll = options.AppDll ?? await TrialRunner.PublishAppAsync(Console.Out);
Console.WriteLine($"{options.Trials} trials of {string.Join(", ", options.Loads.Select(TrialOptions.Name))}, {options.Clients} clients, "
    + $"kill {options.KillAfterMinMs}-{options.KillAfterMaxMs} ms after the load starts, seed {options.Seed}, app {appDll}");
var results = await TrialRunner.RunAsync(options, appDll, Console.Out);
return results.All(r => r.Clean) ? 0 : 1;
