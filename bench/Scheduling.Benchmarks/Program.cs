using Scheduling.Benchmarks;

return await BookingBenchmark.RunAsync(args);
