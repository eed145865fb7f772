using System.Globalization;
using System.Text;
using NodaTime;
using Scheduling.Domain.Surveys;

namespace Scheduling.Web.Pages.Patients;

/// <summary>
/// PHQ-9 and GAD-7 totals over time as a server-rendered SVG: time across, score up, the remission line
/// (PHQ-9 below 5) and the response line (half the PHQ-9 baseline) drawn, and each PHQ-9 result that
/// meets response or remission ringed and labelled.
/// </summary>
public sealed class ScoreChart(ScoreTrend phq9, ScoreTrend gad7)
{
    private const int Width = 640;
    private const int Height = 260;
    private const int Left = 40;
    private const int Right = 50;
    private const int Top = 20;
    private const int Bottom = 40;
    private const int MaxScore = 27;

    public bool IsEmpty => phq9.Entries.Count == 0 && gad7.Entries.Count == 0;

    public string Describe()
    {
        var latest = phq9.Latest;
        return latest is null
            ? $"{gad7.Entries.Count} GAD-7 results; no PHQ-9 yet."
            : $"{phq9.Entries.Count} PHQ-9 results, latest {latest.Point.Total}"
                + (latest.Response == true ? ", a response" : "")
                + (latest.Remission == true ? ", in remission" : "")
                + $"; {gad7.Entries.Count} GAD-7 results.";
    }

    public string Svg()
    {
        var times = phq9.Entries.Concat(gad7.Entries).Select(e => e.Point.CompletedAt).ToList();
        var first = times.Min();
        var span = Math.Max((times.Max() - first).TotalSeconds, 1);
        double X(Instant at) => Left + ((at - first).TotalSeconds / span * (Width - Left - Right));
        double Y(double score) => Top + ((MaxScore - score) / MaxScore * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(
            Inv($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" ")
                + "aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        svg.Append("<title id=\"chart-title\">Score trend: PHQ-9 and GAD-7</title>");
        svg.Append(Inv($"<desc id=\"chart-desc\">{System.Net.WebUtility.HtmlEncode(Describe())}</desc>"));
        foreach (var score in new[] { 0, 5, 10, 15, 20, 27 })
        {
            svg.Append(
                Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" ")
                    + Inv($"y1=\"{Y(score):0.#}\" y2=\"{Y(score):0.#}\" stroke=\"#d9dee7\"/>")
            );
            svg.Append(
                Inv($"<text x=\"{Left - 6}\" y=\"{Y(score) + 4:0.#}\" ")
                    + Inv($"text-anchor=\"end\" font-size=\"11\" fill=\"#5a6578\">{score}</text>")
            );
        }

        svg.Append(
            Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(ScoreTrend.RemissionBelow):0.#}\" ")
                + Inv($"y2=\"{Y(ScoreTrend.RemissionBelow):0.#}\" stroke=\"#1b5e20\" stroke-dasharray=\"6 4\"/>")
        );
        svg.Append(
            Inv($"<text x=\"{Left + 4}\" y=\"{Y(ScoreTrend.RemissionBelow) + 13:0.#}\" ")
                + "text-anchor=\"start\" font-size=\"11\" fill=\"#1b5e20\">remission (PHQ-9 below 5)</text>"
        );
        if (phq9.Baseline is { } baseline)
        {
            var half = baseline.Total / 2.0;
            svg.Append(
                Inv($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(half):0.#}\" ")
                    + Inv($"y2=\"{Y(half):0.#}\" stroke=\"#7a4a00\" stroke-dasharray=\"2 4\"/>")
            );
            svg.Append(
                Inv($"<text x=\"{Left + 4}\" y=\"{Y(half) + 13:0.#}\" text-anchor=\"start\" ")
                    + Inv($"font-size=\"11\" fill=\"#7a4a00\">response (half of baseline {baseline.Total})</text>")
            );
        }

        Series(svg, gad7, "#6a3d9a", "4 3", X, Y, marks: false);
        Series(svg, phq9, "#1f5fbf", null, X, Y, marks: true);
        svg.Append(Inv($"<text x=\"{Left}\" y=\"{Height - 12}\" font-size=\"11\" fill=\"#1f5fbf\">● PHQ-9</text>"));
        svg.Append(
            Inv($"<text x=\"{Left + 70}\" y=\"{Height - 12}\" font-size=\"11\" fill=\"#6a3d9a\">■ GAD-7</text>")
        );
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Series(
        StringBuilder svg,
        ScoreTrend trend,
        string colour,
        string? dash,
        Func<Instant, double> x,
        Func<double, double> y,
        bool marks
    )
    {
        if (trend.Entries.Count == 0)
        {
            return;
        }

        var points = string.Join(
            ' ',
            trend.Entries.Select(e => Inv($"{x(e.Point.CompletedAt):0.#},{y(e.Point.Total):0.#}"))
        );
        svg.Append(
            Inv($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"")
                + (dash is null ? "" : $" stroke-dasharray=\"{dash}\"")
                + "/>"
        );
        foreach (var e in trend.Entries)
        {
            var (px, py) = (x(e.Point.CompletedAt), y(e.Point.Total));
            svg.Append(
                marks
                    ? Inv($"<circle cx=\"{px:0.#}\" cy=\"{py:0.#}\" r=\"4\" fill=\"{colour}\"><title>PHQ-9 ")
                        + Inv($"{e.Point.Total} ({e.Point.Occasion})</title></circle>")
                    : Inv($"<rect x=\"{px - 4:0.#}\" y=\"{py - 4:0.#}\" width=\"8\" height=\"8\" ")
                        + Inv($"fill=\"{colour}\"><title>GAD-7 {e.Point.Total} ({e.Point.Occasion})</title></rect>")
            );
            if (marks && (e.Response == true || e.Remission == true))
            {
                var label = e.Remission == true ? "remission" : "response";
                svg.Append(
                    Inv($"<circle cx=\"{px:0.#}\" cy=\"{py:0.#}\" r=\"8\" ")
                        + "fill=\"none\" stroke=\"#1b5e20\" stroke-width=\"2\"/>"
                );
                svg.Append(
                    Inv($"<text x=\"{px:0.#}\" y=\"{py - 12:0.#}\" text-anchor=\"middle\" ")
                        + Inv($"font-size=\"11\" fill=\"#1b5e20\">{label}</text>")
                );
            }
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
