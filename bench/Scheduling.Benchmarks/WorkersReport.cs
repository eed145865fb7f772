using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Scheduling.Benchmarks;

/// <summary>The multi-process dispatch benchmark's figures as Markdown, for the console and the report.</summary>
internal static class WorkersReport
{
    public static string Markdown(JsonObject figures)
    {
        var text = new StringBuilder();
        text.AppendLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{figures["burst"]} messages a burst (half email, half SMS), {figures["pendingPerRun"]} more pending "
                    + $"per worker count; {figures["connections"]} SMTP connections and dispatch parallelism "
                    + $"{figures["parallelism"]} per worker; worker ReadyToRun: {figures["readyToRun"]}."
            )
        );
        text.AppendLine();
        text.AppendLine(
            "| workers | burst | messages/s | email/s | SMS/s | lateness p99 ms | machine busy | worker cores "
                + "| PostgreSQL cores | providers' cores | waiting backends (avg) | worker peak MiB |"
        );
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var run in figures["runs"]?.AsArray() ?? [])
        {
            foreach (var kind in new[] { "cold", "warm" })
            {
                text.AppendLine(Row($"{run!["workers"]}", kind, run[kind]!.AsObject()));
            }
        }

        if (figures["steady"] is JsonObject steady)
        {
            text.AppendLine();
            text.AppendLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Due evenly over {figures["steadySeconds"]} s: {steady["sent"]} of {steady["messages"]} sent; "
                        + $"lateness p50 {steady["latenessP50Ms"]} ms, p95 {steady["latenessP95Ms"]} ms, p99 "
                        + $"{steady["latenessP99Ms"]} ms, max {steady["latenessMaxMs"]} ms."
                )
            );
        }

        var providers = figures["providers"];
        text.AppendLine();
        text.AppendLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"Providers: {providers?["emails"]} emails ({providers?["distinctEmails"]} distinct), "
                    + $"{providers?["sms"]} SMS, {providers?["expected"]} expected; "
                    + $"each once: {providers?["eachOnce"]}. "
                    + $"Future messages afterwards: {figures["futureMessages"]?.ToJsonString()}."
            )
        );
        if (figures["hangfire"] is JsonObject hangfire)
        {
            text.AppendLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Hangfire no-op jobs, same database: {hangfire["jobs"]} enqueued at "
                        + $"{hangfire["enqueuedPerSecond"]}/s, processed at {hangfire["processedPerSecond"]}/s."
                )
            );
        }

        return text.ToString();
    }

    private static string Row(string workers, string kind, JsonObject burst)
    {
        var load = burst["load"]!.AsObject();
        var busy = load["machineBusyShare"]!.GetValue<double>();
        var workerCores = string.Join(" + ", load["workers"]!.AsArray().Select(w => $"{w!["cores"]}"));
        var peaks = string.Join(" / ", load["workers"]!.AsArray().Select(w => $"{w!["peakMemoryMib"]:F0}"));
        var waits = string.Join(", ", load["waitingBackends"]!.AsObject().Take(4).Select(w => $"{w.Key} {w.Value}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {workers} | {kind} | {burst["messagesPerSecond"]} | {burst["emailPerSecond"]} "
                + $"| {burst["smsPerSecond"]} "
                + $"| {burst["latenessP99Ms"]} | {busy * 100:F0} % of {load["cores"]} cores | {workerCores} "
                + $"| {load["postgresCores"]} | {load["providersCores"]} | {waits} | {peaks} |"
        );
    }
}
