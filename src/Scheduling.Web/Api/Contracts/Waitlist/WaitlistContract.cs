using Scheduling.Core.Contracts;
using Scheduling.Core.Waitlist;
using Scheduling.Domain.Waitlist;

namespace Scheduling.Web.Api.Contracts.Waitlist;

/// <summary>POST /api/waitlist as a client sends it: local dates, optional hours as HH:mm.</summary>
public sealed record WaitlistInput(
    Guid? PatientId,
    Guid? ClinicId,
    string? TemplateCode,
    string? Earliest,
    string? Latest,
    string? NotBefore,
    string? NotAfter
);

/// <summary>A waitlist entry on the wire; `state` is Waiting, Offered, Booked or Withdrawn.</summary>
public sealed record WaitlistEntryView(
    Guid Id,
    string State,
    Guid PatientId,
    Guid ClinicId,
    string TemplateCode,
    string Earliest,
    string Latest,
    string? NotBefore,
    string? NotAfter,
    string CreatedAt,
    Guid? SeriesId
)
{
    public static WaitlistEntryView From(WaitlistEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            entry.Id,
            entry.State.ToString(),
            entry.PatientId,
            entry.ClinicId,
            entry.TemplateCode,
            Wire.Format(entry.Earliest),
            Wire.Format(entry.Latest),
            entry.NotBefore is { } from ? Wire.Format(from) : null,
            entry.NotAfter is { } until ? Wire.Format(until) : null,
            Wire.Format(entry.CreatedAt),
            entry.SeriesId
        );
    }
}

/// <summary>The wire's strings read into a typed <see cref="NewWaitlistEntry"/>, errors named as on the wire.</summary>
public static class WaitlistRequests
{
    public static Outcome<NewWaitlistEntry> Read(WaitlistInput? input)
    {
        if (input is null)
        {
            return Outcome<NewWaitlistEntry>.Invalid("body", "A waitlist entry is required.");
        }

        var problems = new Problems();
        problems.Require("patientId", input.PatientId);
        problems.Require("clinicId", input.ClinicId);
        if (problems.Require("templateCode", input.TemplateCode) && input.TemplateCode!.Length > 100)
        {
            problems.Add("templateCode", "At most 100 characters.");
        }

        var earliest = Wire.LocalDate(input.Earliest, "earliest", problems);
        var latest = Wire.LocalDate(input.Latest, "latest", problems);
        var notBefore = string.IsNullOrWhiteSpace(input.NotBefore)
            ? null
            : Wire.LocalTime(input.NotBefore, "notBefore", problems);
        var notAfter = string.IsNullOrWhiteSpace(input.NotAfter)
            ? null
            : Wire.LocalTime(input.NotAfter, "notAfter", problems);
        return problems.Any
            ? Outcome<NewWaitlistEntry>.Invalid(problems.ToDictionary())
            : new NewWaitlistEntry(
                input.PatientId!.Value,
                input.ClinicId!.Value,
                input.TemplateCode!.Trim(),
                earliest!.Value,
                latest!.Value,
                notBefore,
                notAfter
            );
    }

    public static Outcome<WaitlistEntryView> ToWire(this Outcome<WaitlistEntry> outcome) =>
        outcome.Kind switch
        {
            OutcomeKind.Ok => WaitlistEntryView.From(outcome.Value!),
            OutcomeKind.Invalid => Outcome<WaitlistEntryView>.Invalid(outcome.Errors),
            OutcomeKind.NotFound => Outcome<WaitlistEntryView>.NotFound(outcome.Detail!),
            _ => Outcome<WaitlistEntryView>.Conflict(outcome.Detail!, outcome.Errors),
        };
}
