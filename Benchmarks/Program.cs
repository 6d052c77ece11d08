using BlazorEs.Benchmarks.Suite;

return await BenchmarkSuite.RunAsync(args, Console.Out);
