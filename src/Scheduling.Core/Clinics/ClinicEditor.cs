using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Scheduling.Core.Audit;
using Scheduling.Core.Contracts;
using Scheduling.Core.Messaging.Content;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Clinics;

namespace Scheduling.Core.Clinics;

/// <summary>
/// PUT /api/clinics/{id}: the clinic as POST /api/clinics describes it, checked the same way, replacing what
/// POST set (GET's answer, changed and sent back, is such a body). What has history is not lost: chairs are
/// only added here (retired one by one, as sessions name them), a contact who is no longer given is marked
/// removed (pages in flight still reach them), and the zone is fixed once sessions are booked in it.
/// </summary>
public sealed class ClinicEditor(
    SchedulingDbContext db,
    IClock clock,
    AuditLog audit,
    ClinicNameCheck wording,
    ClinicDirectory directory
)
{
    public async Task<Outcome<Clinic>> UpdateAsync(
        Guid id,
        ClinicDefinition definition,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = await ClinicDirectory.CheckAsync(id, definition, wording, cancellationToken);
        if (problems.Any)
        {
            return Outcome<Clinic>.Invalid(problems.ToDictionary());
        }

        var now = clock.GetCurrentInstant();
        var draft = definition.ToClinic(now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.LockClinicAsync(id, cancellationToken) is not { } clinic)
        {
            return Outcome<Clinic>.NotFound($"There is no clinic {id}.");
        }

        await db.Entry(clinic).Collection(c => c.Chairs).LoadAsync(cancellationToken);
        await db.Entry(clinic).Collection(c => c.ClosedDates).LoadAsync(cancellationToken);
        await db.Entry(clinic).Collection(c => c.OnCall).LoadAsync(cancellationToken);
        if (await RefusalAsync(clinic, draft, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var changed = new List<string>();
        Apply(clinic, draft, now, changed);
        if (definition.CancelNotice is { } notice && notice != clinic.CancelNotice)
        {
            clinic.CancelNotice = notice;
            changed.Add("cancelNotice");
        }

        await ReplaceHoursAsync(clinic.Id, draft.OpeningHours, changed, cancellationToken);
        if (changed.Count > 0)
        {
            audit.Record("changed", nameof(Clinic), clinic.Id, details: new { fields = changed });
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return await directory.GetAsync(id, cancellationToken);
    }

    /// <summary>Changes that would rewrite history: fewer chairs, another zone under booked sessions.</summary>
    private async Task<Outcome<Clinic>?> RefusalAsync(Clinic clinic, Clinic draft, CancellationToken token)
    {
        var inService = clinic.Chairs.Count(c => c.RetiredAt is null);
        if (draft.Chairs.Count < inService)
        {
            return Outcome<Clinic>.Conflict(
                $"The clinic has {inService} chairs in service: retire chairs one by one "
                    + $"(POST /api/clinics/{clinic.Id}/chairs/{{chairId}}/retire), since sessions name them.",
                new Dictionary<string, string[]> { ["chairs"] = [$"At least {inService}, the chairs in service."] }
            );
        }

        if (
            draft.TimeZoneId != clinic.TimeZoneId
            && await db.Appointments.AnyAsync(a => a.ClinicId == clinic.Id, token)
        )
        {
            return Outcome<Clinic>.Conflict(
                "Sessions are booked in the clinic's time zone, so it cannot change.",
                new Dictionary<string, string[]>
                {
                    ["timeZone"] = ["Sessions are booked in this zone; it stays as it is."],
                }
            );
        }

        return null;
    }

    private void Apply(Clinic clinic, Clinic draft, Instant now, List<string> changed)
    {
        void Set<T>(string field, T current, T next, Action<T> assign)
        {
            if (!EqualityComparer<T>.Default.Equals(current, next))
            {
                assign(next);
                changed.Add(field);
            }
        }

        Set("name", clinic.Name, draft.Name, v => clinic.Name = v);
        Set("messageName", clinic.MessageName, draft.MessageName, v => clinic.MessageName = v);
        Set("timeZone", clinic.TimeZoneId, draft.TimeZoneId, v => clinic.TimeZoneId = v);
        Set("phone", clinic.Phone, draft.Phone, v => clinic.Phone = v);
        Set(
            "sendingWindow",
            (clinic.SendingWindowStart, clinic.SendingWindowEnd),
            (draft.SendingWindowStart, draft.SendingWindowEnd),
            v => (clinic.SendingWindowStart, clinic.SendingWindowEnd) = v
        );
        AddChairs(clinic, draft.Chairs.Count, changed);
        ReplaceClosures(clinic, draft.ClosedDates, changed);
        ReplaceOnCall(clinic, draft.OnCall, now, changed);
    }

    private void AddChairs(Clinic clinic, int wanted, List<string> changed)
    {
        var next = clinic.Chairs.Select(c => c.Number).DefaultIfEmpty().Max() + 1;
        for (var missing = wanted - clinic.Chairs.Count(c => c.RetiredAt is null); missing > 0; missing--, next++)
        {
            var name = $"Chair {next}";
            for (
                var i = 2;
                clinic.Chairs.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
                i++
            )
            {
                name = $"Chair {next} ({i})";
            }

            var chair = new Chair
            {
                ClinicId = clinic.Id,
                Number = next,
                Name = name,
            };
            clinic.Chairs.Add(chair);
            db.Chairs.Add(chair);
            changed.Add($"chairs[{chair.Number}]");
        }
    }

    /// <summary>Replaced as a whole week, as PUT …/opening-hours does; booked sessions are not moved.</summary>
    private async Task ReplaceHoursAsync(
        Guid clinicId,
        List<OpeningHours> hours,
        List<string> changed,
        CancellationToken token
    )
    {
        static (IsoDayOfWeek, LocalTime, LocalTime) Key(OpeningHours h) => (h.Day, h.Open, h.Close);
        var stored = await db.Set<OpeningHours>().AsNoTracking().Where(h => h.ClinicId == clinicId).ToListAsync(token);
        var same = stored.Select(Key).Order().SequenceEqual(hours.Select(Key).Order());
        if (same)
        {
            return;
        }

        await db.Set<OpeningHours>().Where(h => h.ClinicId == clinicId).ExecuteDeleteAsync(token);
        db.Set<OpeningHours>()
            .AddRange(
                hours.Select(h => new OpeningHours
                {
                    ClinicId = clinicId,
                    Day = h.Day,
                    Open = h.Open,
                    Close = h.Close,
                })
            );
        changed.Add("openingHours");
    }

    /// <summary>A date kept keeps its reason.</summary>
    private void ReplaceClosures(Clinic clinic, List<ClosedDate> dates, List<string> changed)
    {
        var wanted = dates.Select(d => d.Date).ToHashSet();
        foreach (var gone in clinic.ClosedDates.Where(d => !wanted.Contains(d.Date)).ToList())
        {
            clinic.ClosedDates.Remove(gone);
            db.Set<ClosedDate>().Remove(gone);
            changed.Add($"closedDates[{LocalDatePattern.Iso.Format(gone.Date)}]");
        }

        foreach (var date in wanted.Where(d => clinic.ClosedDates.All(c => c.Date != d)).Order())
        {
            var row = new ClosedDate { ClinicId = clinic.Id, Date = date };
            clinic.ClosedDates.Add(row);
            db.Set<ClosedDate>().Add(row);
            changed.Add($"closedDates[{LocalDatePattern.Iso.Format(date)}]");
        }
    }

    /// <summary>
    /// A contact given as they are keeps their row; one no longer given is marked removed; the contacts given
    /// take the request's order for paging, after every position used before.
    /// </summary>
    private void ReplaceOnCall(Clinic clinic, List<OnCallContact> given, Instant now, List<string> changed)
    {
        static (string, string, string) Key(OnCallContact c) => (c.Name, c.Email.ToUpperInvariant(), c.Phone);
        var active = clinic.OnCall.Where(c => c.RemovedAt is null).ToList();
        var kept = new HashSet<Guid>();
        var position = clinic.OnCall.Select(c => c.Position).DefaultIfEmpty().Max();
        foreach (var contact in given)
        {
            if (active.FirstOrDefault(a => !kept.Contains(a.Id) && Key(a) == Key(contact)) is { } same)
            {
                kept.Add(same.Id);
                same.Position = ++position;
                continue;
            }

            var added = new OnCallContact
            {
                ClinicId = clinic.Id,
                Name = contact.Name,
                Email = contact.Email,
                Phone = contact.Phone,
                Position = ++position,
            };
            clinic.OnCall.Add(added);
            db.Set<OnCallContact>().Add(added);
            changed.Add($"onCall[{added.Id}]");
        }

        foreach (var gone in active.Where(a => !kept.Contains(a.Id)))
        {
            gone.RemovedAt = now;
            changed.Add($"onCall[{gone.Id}]");
        }
    }
}
