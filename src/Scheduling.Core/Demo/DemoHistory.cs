using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Core.Surveys;
using Scheduling.Core.Worklist;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Demo;

/// <summary>
/// Plays the demo clinic's last seven weeks up to the present, in order of time: each patient is registered and
/// booked, comes (or does not), answers the questionnaires their messages carried, and the front desk confirms
/// rides and records REMS forms; every hour of the clinic's day the <see cref="DemoPostman"/> delivers what fell
/// due. The last acts come a minute or two before the present (a series booked, a PHQ-9 answered with item 9
/// above 0), so their messages are due as the worker starts. Then the worklist jobs run once, as on the hour.
/// </summary>
public sealed class DemoHistory
{
    private static readonly Duration AnswerAfter = Duration.FromMinutes(40);
    private static readonly Duration Cutoff = Duration.FromMinutes(5);

    private readonly IServiceScopeFactory _scopes;
    private readonly DemoClock _clock;
    private readonly DateTimeZone _zone;
    private readonly Instant _now;
    private readonly Guid _clinicId;
    private readonly LocalDateTime _start;
    private readonly DemoActs _acts;
    private readonly DemoPostman _postman;
    private readonly PriorityQueue<Func<CancellationToken, Task>, (Instant, long)> _queue = new();
    private readonly Dictionary<Guid, DemoStory> _stories = [];
    private readonly HashSet<Guid> _decided = [];
    private long _sequence;

    public DemoHistory(IServiceScopeFactory scopes, DemoClock clock, Guid clinicId, DateTimeZone zone, Instant now)
    {
        _scopes = scopes;
        _clock = clock;
        _zone = zone;
        _now = now;
        _clinicId = clinicId;
        var local = now.InZone(zone).LocalDateTime;
        _start = local.Date.At(new LocalTime(local.Hour, local.Minute / 15 * 15));
        _acts = new DemoActs(scopes, clinicId);
        var refused = new HashSet<Guid>();
        _postman = new DemoPostman(scopes, now - Cutoff, refused);
        Refused = refused;
    }

    private HashSet<Guid> Refused { get; }

    private LocalDate Today => _start.Date;

    /// <summary>When the history begins: the morning of the first registration, in the clinic's zone.</summary>
    public static Instant BeginningOf(Instant now, DateTimeZone zone) =>
        FirstMorning(now.InZone(zone).Date).InZoneLeniently(zone).ToInstant();

    private static LocalDateTime FirstMorning(LocalDate today) =>
        today.PlusDays(DemoStories.All.Min(FirstDay) - 3).At(new LocalTime(7, 0));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < DemoStories.All.Count; i++)
        {
            var (story, index) = (DemoStories.All[i], i);
            var bookAt = story.BookedNowFor is null
                ? Instant(Today.PlusDays(FirstDay(story) - 3).At(new LocalTime(10, 0)))
                : _now - Duration.FromMinutes(1);
            At(bookAt - Duration.FromHours(1), async ct => await RegisterAsync(story, index, bookAt, ct));
        }

        for (var day = FirstMorning(Today).Date; day <= Today; day = day.PlusDays(1))
        {
            for (var hour = 7; hour <= 21; hour++)
            {
                At(Instant(day.At(new LocalTime(hour, 0))), _ => Task.CompletedTask);
            }
        }

        while (_queue.TryDequeue(out var act, out var when) && when.Item1 <= _now)
        {
            _clock.MoveTo(when.Item1);
            await _postman.DeliverAsync(when.Item1, cancellationToken);
            await AnswerAsync(when.Item1, cancellationToken);
            await act(cancellationToken);
        }

        _clock.ReturnToPresent();
        await using var scope = _scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<SurveyExpiryJob>().RunAsync(cancellationToken);
        await services.GetRequiredService<WorklistJobs>().UnconfirmedRidesAsync(cancellationToken);
        await services.GetRequiredService<WorklistJobs>().RemsFormsAsync(cancellationToken);
        await services.GetRequiredService<MaintenanceJob>().RunAsync(cancellationToken);
    }

    private async Task RegisterAsync(DemoStory story, int index, Instant bookAt, CancellationToken cancellationToken)
    {
        var patient = await _acts.RegisterAsync(story, index, cancellationToken);
        _stories[patient] = story;
        if (story.FirstSmsRefused)
        {
            Refused.Add(patient);
        }

        if (story.RemsEnrolled)
        {
            At(bookAt - Duration.FromMinutes(30), ct => _acts.EnrollAsync(patient, ct));
        }

        At(bookAt, ct => BookAsync(story, patient, ct));
    }

    private async Task BookAsync(DemoStory story, Guid patient, CancellationToken cancellationToken)
    {
        var starts = story.Sessions.Select(s => StartOf(story, s)).ToList();
        var first = story.BookedNowFor is { } day ? Today.PlusDays(day).At(story.Usual) : starts[0];
        var request = new BookingRequest(
            patient,
            _clinicId,
            story.Template,
            first,
            starts.Count == 0 ? null : starts,
            RemsEnrollmentPending: story.BookedNowFor is not null
        );
        var sessions = await _acts.BookAsync(request, cancellationToken);
        foreach (var session in sessions)
        {
            Plan(story, story.Sessions.Count >= session.Number ? story.Sessions[session.Number - 1] : null, session);
        }
    }

    /// <summary>What happens to one booked session before the present.</summary>
    private void Plan(DemoStory story, DemoSession? spec, Appointment session)
    {
        var (start, end) = (session.StartInstant, session.EndInstant);
        if (spec is null)
        {
            return;
        }

        if (start >= _now)
        {
            if (story.RideConfirmedToday && spec.Day == 0)
            {
                At(Instant(Today.PlusDays(-1).At(new LocalTime(19, 0))), ct => _acts.RideAsync(session.Id, ct));
            }

            return;
        }

        if (spec.NoShow)
        {
            At(start + Duration.FromMinutes(30), ct => _acts.StatusAsync(session.Id, AppointmentStatus.NoShow, ct));
            return;
        }

        At(start, ct => _acts.StatusAsync(session.Id, AppointmentStatus.Arrived, ct));
        if (end > _now)
        {
            return;
        }

        At(end, ct => _acts.StatusAsync(session.Id, AppointmentStatus.Completed, ct));
        if (story.RemsEnrolled && spec.Day != story.RemsFormMissingOn)
        {
            At(end + Duration.FromMinutes(20), ct => _acts.RemsFormAsync(session.Id, ct));
        }
    }

    /// <summary>Patients answer what their messages brought, 40 minutes after it came, as their story says.</summary>
    private async Task AnswerAsync(Instant now, CancellationToken cancellationToken)
    {
        var ready = _postman
            .Links.Where(l => !_decided.Contains(l.Key) && l.Value.SentAt + AnswerAfter <= now)
            .ToList();
        foreach (var (surveyId, (token, _)) in ready)
        {
            _decided.Add(surveyId);
            var survey = await _acts.SurveyAsync(surveyId, cancellationToken);
            if (!_stories.TryGetValue(survey.PatientId, out var story) || !survey.IsOpenAt(now))
            {
                continue;
            }

            if (story.SelfHarmAnswerNow == survey.Occasion && survey.Instrument == Instrument.Phq9)
            {
                var total = story.Scores.GetValueOrDefault((Instrument.Phq9, survey.Occasion), 12);
                At(_now - Duration.FromMinutes(2), ct => _acts.AnswerAsync(token, DemoAnswers.Phq9(total, 1), ct));
                continue;
            }

            if (DemoAnswers.For(story, survey) is { } answers)
            {
                await _acts.AnswerAsync(token, answers, cancellationToken);
            }
        }
    }

    private LocalDateTime StartOf(DemoStory story, DemoSession session) =>
        session.Day == 0 ? _start.PlusMinutes(session.MinutesFromNow) : Today.PlusDays(session.Day).At(story.Usual);

    private static int FirstDay(DemoStory story) =>
        story.Sessions.Count > 0 ? story.Sessions[0].Day : story.BookedNowFor ?? 0;

    private Instant Instant(LocalDateTime local) => local.InZoneLeniently(_zone).ToInstant();

    private void At(Instant when, Func<CancellationToken, Task> act) => _queue.Enqueue(act, (when, _sequence++));
}
