using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using static System.StringComparison;

namespace Scheduling.IntegrationTests.Simulation;

using EmailsSeen = List<(Instant At, Fakes.ReceivedEmail Email)>;
using SmsSeen = List<(Instant At, Fakes.TwilioRecordedMessage Sms)>;

/// <summary>
/// What must hold after every simulated hour (docs/simulation.md, "Invariants"), judged against the
/// simulated people's own record (<see cref="ClinicWorld"/>) and what the fake providers took. A broken
/// invariant is confirmed on a full re-read of the rows, then reported with the seed and the last events.
/// </summary>
public sealed class SimulationInvariants(ClinicSimulation simulation)
{
    private static readonly string[] Forbidden = ["ketamine", "esketamine", "depression", "anxiety", "ptsd", "suicid"];
    private static readonly Duration PageDeadline = Duration.FromSeconds(60);
    private static readonly Duration RepageEvery = Duration.FromMinutes(10);

    /// <summary>The reasons a planned reminder may stay unsent, and what in the world excuses each.</summary>
    private static readonly string[] AlwaysExcused = ["NoConsent", "InvalidAddress"];

    private ClinicWorld World => simulation.World;

    private readonly HashSet<Guid> _sessionsChecked = [];
    private readonly HashSet<Guid> _failuresChecked = [];
    private readonly Dictionary<Guid, int> _copies = [];
    private readonly Dictionary<string, int> _unattributed = new(StringComparer.Ordinal);
    private int _smsChecked;
    private int _emailsChecked;

    public async Task CheckAsync(bool final)
    {
        var now = simulation.Now;
        await simulation.Rows.RefreshAsync(now, full: final);
        var pass = new Pass(now, final);
        var broken = Evaluate(pass);
        if (broken.Count > 0)
        {
            // A cached row may have changed without its updated_at: judge the same ground again on a full re-read.
            await simulation.Rows.RefreshAsync(now, full: true);
            pass = new Pass(now, final);
            broken = Evaluate(pass);
        }

        if (broken.Count > 0)
        {
            var (invariant, violations) = broken[0];
            throw new InvariantBrokenException(simulation.Log.Failure(now, invariant, violations));
        }

        // Each record, session and failure is judged once, when it is ready to be.
        _sessionsChecked.UnionWith(pass.Sessions);
        _failuresChecked.UnionWith(pass.Failures);
        foreach (var (id, count) in pass.Copies)
        {
            _copies[id] = _copies.GetValueOrDefault(id) + count;
        }

        foreach (var (to, count) in pass.Unattributed)
        {
            _unattributed[to] = _unattributed.GetValueOrDefault(to) + count;
        }

        _smsChecked = simulation.Rows.Sms.Count;
        _emailsChecked = simulation.Rows.Emails.Count;
    }

    /// <summary>What one check judged, kept only when it found nothing wrong.</summary>
    private sealed record Pass(Instant Now, bool Final)
    {
        public List<Guid> Sessions { get; } = [];
        public List<Guid> Failures { get; } = [];
        public Dictionary<Guid, int> Copies { get; } = [];
        public Dictionary<string, int> Unattributed { get; } = new(StringComparer.Ordinal);
    }

    private List<(string Invariant, List<string> Violations)> Evaluate(Pass pass)
    {
        var newSms = simulation.Rows.Sms.Skip(_smsChecked).ToList();
        var newEmails = simulation.Rows.Emails.Skip(_emailsChecked).ToList();
        var results = new List<(string, List<string>)>
        {
            ("RemindersWentOutOnce", RemindersWentOutOnce(pass)),
            ("InsidePatientWindow", InsidePatientWindow()),
            ("NeverAfterStopCancelOrMove", NeverAfterStopCancelOrMove(newSms, newEmails)),
            ("NothingToAnOutdatedContact", NothingToAnOutdatedContact(newSms, newEmails)),
            ("ExactlyOnceAtTheProviders", ExactlyOnceAtTheProviders(pass, newSms, newEmails)),
            ("EveryFailureHasAnOwner", EveryFailureHasAnOwner(pass)),
            ("Discreet", Discreet(newSms, newEmails)),
            ("Item9PagedWithin60s", Item9PagedWithin60s()),
        };
        if (simulation.Options.RepageExpected)
        {
            results.Add(("Item9PagedAgainUntilAcknowledged", PagedAgainUntilAcknowledged(pass.Now)));
        }

        return [.. results.Where(r => r.Item2.Count > 0)];
    }

    /// <summary>
    /// Every booked session that has started: each reminder of its current time went out, or stayed back
    /// for a reason the world explains (the patient said STOP, the contact was refused for good, the
    /// provider was down until the deadline; a frequency cap only while today's caps stand); and each of the
    /// template's reminders whose time came after the booking or the move was planned at all.
    /// </summary>
    private List<string> RemindersWentOutOnce(Pass pass)
    {
        var violations = new List<string>();
        var due = pass.Now - Duration.FromMinutes(30);
        foreach (var session in World.Sessions.Values.Where(s => !_sessionsChecked.Contains(s.Id) && s.Start <= due))
        {
            pass.Sessions.Add(session.Id);
            if (session.CancelledAt is not null)
            {
                continue;
            }

            var rows = simulation
                .Rows.OfAppointment(session.Id)
                .Where(m => m.Kind is "Reminder" or "DayBeforeCheck")
                .ToList();
            var unsent = rows.Where(r =>
                TargetStart(r) == session.Start && !r.Went && r.State is not ("Failed" or "Unknown")
            );
            foreach (var row in unsent)
            {
                if (!Excused(session, row))
                {
                    violations.Add(
                        $"{row.Kind} {row.PlanKey}/{row.Channel} of {session.Patient.LastName} "
                            + $"session {session.Number} "
                            + $"at {session.Start}: {row.State} {row.Reason}"
                    );
                }
            }

            foreach (var (channel, before) in new[] { ("Email", 72), ("Sms", 24), ("Sms", 2) })
            {
                var key = $"Reminder/{before * 60}m";
                var nominal = session.Start - Duration.FromHours(before);
                var row = rows.FirstOrDefault(r => r.PlanKey == key && r.Channel == channel);

                // A reminder already handled for the old time (sent, failed with its owner) is not planned
                // again after a move.
                var stale =
                    row is not null && TargetStart(row) != session.Start && row.State is "Planned" or "Suppressed";
                if (nominal - Duration.FromHours(12) > session.PlannedAt && (row is null || stale))
                {
                    violations.Add(
                        $"{key}/{channel} of {session.Patient.LastName} session {session.Number} "
                            + $"at {session.Start} was never planned"
                    );
                }
            }
        }

        return violations;
    }

    private bool Excused(SimSession session, MessageRow row)
    {
        var patient = session.Patient;

        // A fallback is planned when its original fails for good, whatever the hour; the sending window still
        // holds it back, and then the original's work item (EveryFailureHasAnOwner) is what the patient has.
        if (
            row.PlanKey.EndsWith("/fallback", StringComparison.Ordinal)
            && row.Reason is "OutsideSendingWindow" or "DeadlinePassed"
        )
        {
            return true;
        }

        return row.Reason switch
        {
            "NoConsent" => row.Channel == "Email"
                || patient.StoppedDuring(row.DueAt, session.Start)
                || simulation.Rows.ProviderOptedOut.Contains(patient.Id),
            "InvalidAddress" => patient.RefusedContacts.Count > 0
                || patient.Contacts.Any(c => c.Email.Contains('(', StringComparison.Ordinal)),
            "FrequencyCap" => !simulation.Options.DefaultCapsKeepEveryReminder,
            "DeadlinePassed" or "OutsideSendingWindow" => World.OutageOverlaps(
                row.Channel == "Sms" ? "sms" : "email",
                row.DueAt,
                row.NotAfter
            ) || World.DeadDispatcher.Any(d => d.From < row.NotAfter && row.DueAt < d.To),
            _ => AlwaysExcused.Contains(row.Reason),
        };
    }

    private static Instant TargetStart(MessageRow row) =>
        row.Kind == "DayBeforeCheck" ? row.NotAfter + Duration.FromHours(6) : row.NotAfter;

    /// <summary>Nothing but a safety page reaches a patient outside the sending window in the patient's own
    /// zone.</summary>
    private List<string> InsidePatientWindow()
    {
        var violations = new List<string>();
        var sent = simulation.Rows.Changed.Where(m => m.SentAt is not null && !m.Urgent && m.PatientId is not null);
        foreach (var row in sent)
        {
            if (PatientOf(row.PatientId) is not { } patient)
            {
                continue;
            }

            var local = row.SentAt!.Value.InZone(patient.Zone).TimeOfDay;
            if (local < new LocalTime(8, 0) || local > new LocalTime(20, 0))
            {
                violations.Add($"{row.Kind}/{row.Channel} to {patient.LastName} sent at {local} in {patient.Zone.Id}");
            }
        }

        return violations;
    }

    /// <summary>
    /// No SMS after STOP (until START); no reminder of a cancelled session or of a time it no longer has; no
    /// survey after a no-show.
    /// </summary>
    private List<string> NeverAfterStopCancelOrMove(SmsSeen sms, EmailsSeen emails)
    {
        var violations = new List<string>();
        foreach (var (row, at) in Accepted(sms, emails))
        {
            if (PatientOf(row.PatientId) is not { } patient)
            {
                continue;
            }

            if (row.Channel == "Sms" && !patient.SmsAllowedAt(at))
            {
                violations.Add($"{row.Kind} SMS to {patient.LastName} at {at}, after STOP");
            }

            if (row.AppointmentId is not { } appointment || !World.Sessions.TryGetValue(appointment, out var session))
            {
                continue;
            }

            if (row.Kind is "Reminder" or "DayBeforeCheck" && session.CancelledBy(at))
            {
                violations.Add(
                    $"{row.Kind}/{row.Channel} to {patient.LastName} at {at} for session {session.Number}, "
                        + $"cancelled at {session.CancelledAt}"
                );
            }
            else if (row.Kind is "Reminder" or "DayBeforeCheck" && TargetStart(row) != session.StartAt(at))
            {
                violations.Add(
                    $"{row.Kind}/{row.Channel} to {patient.LastName} at {at} for {TargetStart(row)}, "
                        + $"moved to {session.StartAt(at)}"
                );
            }
            else if (
                row.Kind is "SurveyInvitation" or "SurveyReminder"
                && ((session.NoShowAt is { } noShow && noShow <= at) || session.CancelledBy(at))
            )
            {
                violations.Add(
                    $"{row.Kind}/{row.Channel} to {patient.LastName} at {at} after session "
                        + $"{session.Number} was a no-show or cancelled"
                );
            }
        }

        return violations;
    }

    /// <summary>Every message a provider took went to the contact the patient had at that moment.</summary>
    private List<string> NothingToAnOutdatedContact(SmsSeen sms, EmailsSeen emails)
    {
        var violations = new List<string>();
        foreach (var (at, message) in sms)
        {
            if (
                simulation.Rows.MessageOfSid(message.Sid) is { } id
                && simulation.Rows.Messages.TryGetValue(id, out var row)
                && PatientOf(row.PatientId) is { } patient
            )
            {
                var sent = simulation.Rows.SentAt(id, at);
                if (patient.PhoneAt(sent) != message.To)
                {
                    violations.Add(
                        $"{row.Kind} SMS for {patient.LastName} went to {message.To} at {sent}; "
                            + $"the patient's phone was {patient.PhoneAt(sent)}"
                    );
                }
            }
        }

        foreach (var (at, email) in emails)
        {
            if (
                MessageIdOf(email.Message.MessageId) is { } id
                && simulation.Rows.Messages.TryGetValue(id, out var row)
                && PatientOf(row.PatientId) is { } patient
            )
            {
                var sent = simulation.Rows.SentAt(id, at);
                if (!email.To.Contains(patient.EmailAt(sent) ?? "-", StringComparer.OrdinalIgnoreCase))
                {
                    violations.Add(
                        $"{row.Kind} email for {patient.LastName} went to {string.Join(",", email.To)} "
                            + $"at {sent}; "
                            + $"the patient's address was {patient.EmailAt(sent)}"
                    );
                }
            }
        }

        return violations;
    }

    /// <summary>
    /// Each message reached its provider at most once, except one whose outcome was unknown (a dropped
    /// answer, an expired claim), which the attempt log marks; an SMS no row claims is such a lost answer.
    /// </summary>
    private List<string> ExactlyOnceAtTheProviders(Pass pass, SmsSeen sms, EmailsSeen emails)
    {
        var violations = new List<string>();
        foreach (var (_, message) in sms)
        {
            if (simulation.Rows.MessageOfSid(message.Sid) is { } id)
            {
                pass.Copies[id] = pass.Copies.GetValueOrDefault(id) + 1;
            }
            else
            {
                pass.Unattributed[message.To] = pass.Unattributed.GetValueOrDefault(message.To) + 1;
            }
        }

        foreach (var (_, email) in emails)
        {
            if (MessageIdOf(email.Message.MessageId) is { } id)
            {
                pass.Copies[id] = pass.Copies.GetValueOrDefault(id) + 1;
            }
            else
            {
                violations.Add($"an email no message row claims: <{email.Message.MessageId}>");
            }
        }

        foreach (var (id, added) in pass.Copies)
        {
            var count = _copies.GetValueOrDefault(id) + added;
            var unknown = simulation.Rows.AttemptsOf(id).Count(a => a.Outcome == "Unknown");
            if (count > 1 + unknown)
            {
                var row = simulation.Rows.Messages.GetValueOrDefault(id);
                violations.Add(
                    $"{row?.Kind}/{row?.Channel} {id} reached its provider {count} times "
                        + $"with {unknown} unknown outcome(s)"
                );
            }
        }

        foreach (var (to, added) in pass.Unattributed)
        {
            var count = _unattributed.GetValueOrDefault(to) + added;
            var patient = World.Patients.FirstOrDefault(p => p.Contacts.Any(c => c.Phone == to));
            var unknown = patient is null
                ? 0
                : simulation
                    .Rows.Messages.Values.Where(m => m.PatientId == patient.Id && m.Channel == "Sms")
                    .Sum(m => simulation.Rows.AttemptsOf(m.Id).Count(a => a.Outcome == "Unknown"));
            if (count > unknown)
            {
                violations.Add($"{count} SMS to {to} that no row accounts for ({unknown} unknown outcome(s))");
            }
        }

        return violations;
    }

    /// <summary>
    /// A message that failed or whose outcome is unknown has an owner: a fallback on the other channel or
    /// a work item; a failed safety page, a page to the next contact (only with the switch: not built yet).
    /// </summary>
    private List<string> EveryFailureHasAnOwner(Pass pass)
    {
        var violations = new List<string>();
        var rows = simulation.Rows.Messages;
        var pending = simulation
            .Rows.Failures.Where(id => !_failuresChecked.Contains(id))
            .Select(id => rows[id])
            .Where(r => pass.Final || r.UpdatedAt < pass.Now)
            .ToList();
        if (pending.Count == 0)
        {
            return violations;
        }

        var workItems = WorkItemSubjects();
        var keys = rows.Values.Select(r => (r.SubjectId, r.PlanKey)).ToHashSet();
        foreach (var row in pending)
        {
            pass.Failures.Add(row.Id);
            if (row.Kind == "SafetyAlert")
            {
                if (
                    simulation.Options.UndeliveredCallbacks
                    && !rows.Values.Any(r =>
                        r.AlertId == row.AlertId
                        && r.OnCallContactId != row.OnCallContactId
                        && r.CreatedAt >= row.UpdatedAt
                    )
                )
                {
                    violations.Add(
                        $"a failed safety page {row.Id} ({row.Channel}, {row.Reason}) " + "went to no other contact"
                    );
                }

                continue;
            }

            if (!workItems.Contains(row.Id) && !keys.Contains((row.SubjectId, row.PlanKey + "/fallback")))
            {
                violations.Add(
                    $"{row.Kind}/{row.Channel} {row.Id} {row.State} ({row.Reason}) "
                        + "has neither a fallback nor a work item"
                );
            }
        }

        return violations;
    }

    /// <summary>No SMS and no email subject names a drug or a diagnosis, and no message failed the content
    /// check.</summary>
    private List<string> Discreet(SmsSeen sms, EmailsSeen emails)
    {
        var violations = new List<string>();
        // A link's random token is no word (the product leaves it out of its check too): "…6pTSd…" is chance.
        violations.AddRange(
            sms.Where(s => Forbidden.Any(w => WithoutLinks(s.Sms.Form["Body"]).Contains(w, OrdinalIgnoreCase)))
                .Select(s => $"an SMS to {s.Sms.To} names a forbidden word: {s.Sms.Form["Body"]}")
        );
        violations.AddRange(
            emails
                .Where(e => Forbidden.Any(w => (e.Email.Message.Subject ?? "").Contains(w, OrdinalIgnoreCase)))
                .Select(e => $"an email subject names a forbidden word: {e.Email.Message.Subject}")
        );
        violations.AddRange(
            simulation
                .Rows.Changed.Where(m => m.Reason == "ContentCheck")
                .Select(m => $"{m.Kind}/{m.Channel} {m.Id} failed the content check")
        );
        return violations;
    }

    private static string WithoutLinks(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"https?://\S+", "");

    private SimPatient? PatientOf(Guid? id) => id is { } value ? World.PatientsById.GetValueOrDefault(value) : null;

    /// <summary>Every item-9 positive opened an alert whose first page a provider took within 60 s of the
    /// answer.</summary>
    private List<string> Item9PagedWithin60s()
    {
        var violations = new List<string>();
        foreach (var answer in World.Item9Answers)
        {
            if (answer.AlertId is not { } alert)
            {
                violations.Add(
                    $"the item-9 answer of {answer.Patient.LastName} at {answer.SubmittedAt} opened no alert"
                );
                continue;
            }

            var first = simulation
                .Rows.Messages.Values.Where(m => m.AlertId == alert && m.SentAt is not null)
                .Select(m => m.SentAt!.Value)
                .DefaultIfEmpty(Instant.MaxValue)
                .Min();
            if (first > answer.SubmittedAt + PageDeadline)
            {
                violations.Add(
                    $"the alert of {answer.Patient.LastName}, answered at {answer.SubmittedAt}, "
                        + "was first paged at "
                        + (first == Instant.MaxValue ? "never" : first.ToString())
                );
            }
        }

        return violations;
    }

    /// <summary>An alert nobody acknowledged is paged again every 10 minutes (one step of slack) until someone
    /// does.</summary>
    private List<string> PagedAgainUntilAcknowledged(Instant now)
    {
        // Judged per alert as the database holds it: a later positive post of an answered survey joins the
        // alert its first post raised, which may have been acknowledged long before.
        var violations = new List<string>();
        var alerts = World.Item9Answers.Where(a => a.AlertId is not null).GroupBy(a => a.AlertId!.Value);
        foreach (var answers in alerts)
        {
            using var command = DataSource()
                .CreateCommand("SELECT created_at, acknowledged_at FROM scheduling.alerts WHERE id = $1");
            command.Parameters.AddWithValue(answers.Key);
            using var reader = command.ExecuteReader();
            reader.Read();
            var created = reader.GetFieldValue<Instant>(0);
            var until = reader.IsDBNull(1) ? now : reader.GetFieldValue<Instant>(1);
            var slack = Duration.FromTimeSpan(simulation.Options.Step);
            var expected = 1 + (int)((until - created - slack).TotalTicks / RepageEvery.TotalTicks);

            // Rounds planned, whether or not a provider took them yet: whether pages reach the providers (outages,
            // refusals, the next contact after a failure) is what the other invariants judge.
            var rounds = simulation
                .Rows.Messages.Values.Where(m => m.AlertId == answers.Key)
                .Select(m => m.CreatedAt)
                .Distinct()
                .Count();
            if (rounds < expected)
            {
                violations.Add(
                    $"the alert of {answers.First().Patient.LastName} open from {created} to {until} "
                        + $"was paged in {rounds} round(s), expected {expected}"
                );
            }
        }

        return violations;
    }

    /// <summary>Right after an item-9 answer: the alert exists, the patient saw the crisis line, and (with the
    /// switch) the answers are kept.</summary>
    public async Task AlertRaisedAsync(Item9Answer answer, string token, bool crisisShown)
    {
        // One alert per survey: a second answer from another link of the same survey finds the first one's.
        await using (
            var command = DataSource()
                .CreateCommand(
                    """
                    SELECT a.id, a.survey_id FROM scheduling.alerts a
                    JOIN scheduling.survey_links l ON l.survey_id = a.survey_id
                    WHERE l.token_hash = $1 AND a.kind = 'SelfHarmRisk'
                    """
                )
        )
        {
            command.Parameters.AddWithValue(Scheduling.Domain.Surveys.SurveyToken.TryHash(token)!);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                answer.AlertId = reader.GetGuid(0);
                answer.SurveyId = reader.GetGuid(1);
            }
        }

        var recorded = answer;
        var problems = new List<string>();
        if (recorded.AlertId is null)
        {
            problems.Add($"no SelfHarmRisk alert for {answer.Patient.LastName} at {answer.SubmittedAt}");
        }

        if (!crisisShown)
        {
            problems.Add($"{answer.Patient.LastName} was not shown the crisis line after answering item 9");
        }

        if (simulation.Options.Item9AnswersKept && recorded.AlertId is not null)
        {
            var alert = await simulation.Clinician.GetFromJsonAsync<JsonElement>(
                new Uri($"/api/alerts/{recorded.AlertId}", UriKind.Relative)
            );
            if (
                !alert.TryGetProperty("answers", out var answers)
                || answers.ValueKind != JsonValueKind.Object
                || !answers.TryGetProperty("9", out var item9)
                || item9.GetString() is null or "0"
            )
            {
                var form = answer.Complete ? "complete" : "incomplete";
                problems.Add($"the answers of {answer.Patient.LastName}'s item-9 positive ({form}) were not kept");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvariantBrokenException(simulation.Log.Failure(simulation.Now, "Item9AlertRaised", problems));
        }
    }

    /// <summary>After an R reply from a patient with a session in the next 30 days (what R is about), the
    /// front desk has an open call-back item.</summary>
    public async Task CallBackOpenAsync(SimPatient patient)
    {
        var now = simulation.Now;
        if (
            !World.Sessions.Values.Any(s =>
                s.Patient == patient
                && s.CancelledAt is null
                && s.NoShowAt is null
                && s.Start > now
                && s.Start < now + Duration.FromDays(30)
            ) || !patient.SmsAllowedAt(now)
        )
        {
            return;
        }

        await using var command = DataSource()
            .CreateCommand(
                "SELECT count(*) FROM scheduling.work_items "
                    + "WHERE patient_id = $1 AND kind = 'CallBackRequested' AND state = 'Open'"
            );
        command.Parameters.AddWithValue(patient.Id);
        if ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            throw new InvariantBrokenException(
                simulation.Log.Failure(
                    simulation.Now,
                    "ReplyRHasAnOwner",
                    [$"{patient.LastName} replied R and no call-back item is open"]
                )
            );
        }
    }

    /// <summary>With the only worker dead and messages due for over a minute, readiness says so (503,
    /// dispatchers 0).</summary>
    public async Task ReadinessWhileDeadAsync(Duration lease)
    {
        simulation.App.Clock.Advance(Duration.FromMinutes(2));
        await simulation.AgeAbandonedClaimsAsync();
        using var client = simulation.App.CreateClient();
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (
            response.StatusCode != HttpStatusCode.ServiceUnavailable
            || !body.Contains("\"dispatchers\"", StringComparison.Ordinal)
        )
        {
            throw new InvariantBrokenException(
                simulation.Log.Failure(
                    simulation.Now,
                    "ReadinessSeesADeadDispatcher",
                    [
                        $"with claims abandoned (lease {lease}) "
                            + "and no dispatcher for 2 minutes, /health/ready answered "
                            + $"{(int)response.StatusCode} {body}",
                    ]
                )
            );
        }
    }

    private HashSet<Guid> WorkItemSubjects()
    {
        using var command = DataSource()
            .CreateCommand("SELECT subject_id FROM scheduling.work_items WHERE kind = 'MessageFailed'");
        using var reader = command.ExecuteReader();
        var subjects = new HashSet<Guid>();
        while (reader.Read())
        {
            subjects.Add(reader.GetGuid(0));
        }

        return subjects;
    }

    /// <summary>Every message a provider took, with the row it belongs to and when, by our attempt log.</summary>
    private IEnumerable<(MessageRow Row, Instant At)> Accepted(SmsSeen sms, EmailsSeen emails)
    {
        foreach (var (at, message) in sms)
        {
            if (
                simulation.Rows.MessageOfSid(message.Sid) is { } id
                && simulation.Rows.Messages.TryGetValue(id, out var row)
            )
            {
                yield return (row, simulation.Rows.SentAt(id, at));
            }
        }

        foreach (var (at, email) in emails)
        {
            if (MessageIdOf(email.Message.MessageId) is { } id && simulation.Rows.Messages.TryGetValue(id, out var row))
            {
                yield return (row, simulation.Rows.SentAt(id, at));
            }
        }
    }

    private static Guid? MessageIdOf(string? messageId) =>
        Guid.TryParse(messageId?.Split('@')[0], out var id) ? id : null;

    private NpgsqlDataSource DataSource() => simulation.App.Services.GetRequiredService<NpgsqlDataSource>();
}
