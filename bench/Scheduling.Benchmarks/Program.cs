using Scheduling.Benchmarks;

return args.FirstOrDefault() switch
{
    "dispatch" when args.Contains("--workers") => await WorkersBenchmark.RunAsync(args[1..]),
    "dispatch" => await DispatchBenchmark.RunAsync(args[1..]),
    "senders" => await SenderProbe.RunAsync(args[1..]),
    "booking" => await BookingBenchmark.RunAsync(args[1..]),
    "pages" => await PageBenchmark.RunAsync(args[1..]),
    "report" => await BenchReport.RunAsync(args[1..]),
    _ => await BookingBenchmark.RunAsync(args),
};
