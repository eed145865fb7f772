using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;

namespace Scheduling.Web.Api.Contracts.Booking;

/// <summary>
/// POST /api/series/preview and POST /api/series as they come over the wire: the body's strings are read into a
/// typed <see cref="BookingRequest"/> (its error field names are the wire's), and the use case's answer is put
/// back into the wire's shape.
/// </summary>
public static class SeriesRequests
{
    /// <summary>POST /api/series/preview: the wire's body read into a <see cref="BookingRequest"/>.</summary>
    public static async Task<Outcome<SeriesPreview>> PreviewAsync(
        this SeriesBooking booking,
        SeriesInput? input,
        CancellationToken cancellationToken
    )
    {
        var request = Read(input);
        if (request.Kind != OutcomeKind.Ok)
        {
            return Forward<SeriesPreview, BookingRequest>(request);
        }

        var preview = await booking.PreviewAsync(request.Value!, cancellationToken);
        return preview.Kind == OutcomeKind.Ok
            ? SeriesPreview.From(preview.Value!)
            : Forward<SeriesPreview, BookingPreview>(preview);
    }

    /// <summary>POST /api/series: a plan that cannot be booked is a 409 whose errors name sessions[i].</summary>
    public static async Task<Outcome<SeriesView>> BookAsync(
        this SeriesBooking booking,
        SeriesInput? input,
        CancellationToken cancellationToken
    )
    {
        var request = Read(input);
        if (request.Kind != OutcomeKind.Ok)
        {
            return Forward<SeriesView, BookingRequest>(request);
        }

        var booked = await booking.BookAsync(request.Value!, cancellationToken);
        if (booked.Kind != OutcomeKind.Ok)
        {
            return Forward<SeriesView, BookingResult>(booked);
        }

        if (booked.Value!.Refused is { } refused)
        {
            var problems = refused.Plan.Problems;
            return Outcome<SeriesView>.Conflict(
                "The series cannot be booked as asked: " + string.Join(" ", problems.Select(p => p.Message)),
                problems
                    .GroupBy(p => p.SessionNumber is { } n ? $"sessions[{n - 1}]" : "sessionStarts")
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray())
            );
        }

        return SeriesView.From(booked.Value.Series!);
    }

    private static Outcome<BookingRequest> Read(SeriesInput? input)
    {
        var problems = new Problems();
        if (input is null)
        {
            return Outcome<BookingRequest>.Invalid("body", "A series is required.");
        }

        problems.Require("patientId", input.PatientId);
        problems.Require("clinicId", input.ClinicId);
        problems.Require("templateCode", input.TemplateCode);
        var first = Wire.LocalDateTime(input.FirstSessionStart, "firstSessionStart", problems);
        var given = input
            .SessionStarts?.Select((s, i) => Wire.LocalDateTime(s, $"sessionStarts[{i}]", problems))
            .ToList();
        return problems.Any
            ? Outcome<BookingRequest>.Invalid(problems.ToDictionary())
            : new BookingRequest(
                input.PatientId!.Value,
                input.ClinicId!.Value,
                input.TemplateCode!,
                first!.Value,
                given?.Select(s => s!.Value).ToList(),
                input.RemsEnrollmentPending == true
            );
    }

    private static Outcome<T> Forward<T, TFailed>(Outcome<TFailed> failed) =>
        failed.Kind switch
        {
            OutcomeKind.Invalid => Outcome<T>.Invalid(failed.Errors),
            OutcomeKind.NotFound => Outcome<T>.NotFound(failed.Detail!),
            _ => Outcome<T>.Conflict(failed.Detail!, failed.Errors),
        };
}
