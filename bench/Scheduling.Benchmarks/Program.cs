using Scheduling.Benchmarks;

return args.FirstOrDefault() switch
{
    "dispatch" => await DispatchBenchmark.RunAsync(args[1..]),
    "senders" => await SenderProbe.RunAsync(args[1..]),
    "booking" => await BookingBenchmark.RunAsync(args[1..]),
    "pages" => await PageBenchmark.RunAsync(args[1..]),
    _ => await BookingBenchmark.RunAsync(args),
};
