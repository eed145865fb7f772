using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Core.Patients;
using Scheduling.Core.Persistence;
using Scheduling.Core.Rems;
using Scheduling.Core.Surveys;
using Scheduling.Domain.Booking;
using Scheduling.Domain.Surveys;

namespace Scheduling.Core.Demo;

/// <summary>
/// What the demo's people do, each through the use case the dashboard or the survey page calls, in a scope of its
/// own, at the time the <see cref="DemoClock"/> is set to. A refusal stops the seeding with the use case's words.
/// </summary>
public sealed class DemoActs(IServiceScopeFactory scopes, Guid clinicId)
{
    public Task<Guid> RegisterAsync(DemoStory story, int index, CancellationToken cancellationToken) =>
        InScopeAsync<PatientRegistry, Guid>(async registry =>
            Expect(
                await registry.RegisterAsync(
                    new NewPatient(
                        clinicId,
                        new PatientFacts(
                            story.FirstName,
                            story.LastName,
                            new LocalDate(story.BirthYear, 1 + (index % 12), 3 + index),
                            story.Email,
                            $"+1202555{110 + index:D4}",
                            EmailConsent: true,
                            SmsConsent: true,
                            "Demo data: consent to email and SMS given at registration.",
                            Language: null
                        ),
                        Zone: null
                    ),
                    cancellationToken
                ),
                $"register {story.FirstName}"
            ).Id
        );

    public Task<IReadOnlyList<Appointment>> BookAsync(BookingRequest request, CancellationToken cancellationToken) =>
        InScopeAsync<SeriesBooking, IReadOnlyList<Appointment>>(async booking =>
        {
            var booked = Expect(await booking.BookAsync(request, cancellationToken), "book a series");
            if (booked.Series is not { } series)
            {
                var problems = booked.Refused?.Plan.Problems.Select(p => p.ToString());
                throw new InvalidOperationException(
                    $"The demo could not book {request.TemplateCode}: {string.Join("; ", problems ?? [])}"
                );
            }

            await using var scope = scopes.CreateAsyncScope();
            return await scope
                .ServiceProvider.GetRequiredService<SchedulingDbContext>()
                .Appointments.AsNoTracking()
                .Where(a => a.SeriesId == series.Id)
                .OrderBy(a => a.Number)
                .ToListAsync(cancellationToken);
        });

    public Task StatusAsync(Guid appointment, AppointmentStatus status, CancellationToken cancellationToken) =>
        InScopeAsync<AppointmentBook, bool>(async book =>
        {
            Expect(await book.SetStatusAsync(appointment, status, cancellationToken), $"mark a session {status}");
            return true;
        });

    public Task RideAsync(Guid appointment, CancellationToken cancellationToken) =>
        InScopeAsync<AppointmentBook, bool>(async book =>
        {
            Expect(await book.RideAsync(appointment, true, cancellationToken), "confirm a ride");
            return true;
        });

    public Task EnrollAsync(Guid patient, CancellationToken cancellationToken) =>
        InScopeAsync<RemsRecords, bool>(async rems =>
        {
            Expect(
                await rems.EnrollAsync(patient, new RemsRecord(null, "DEMO-REMS-0042"), cancellationToken),
                "record a REMS enrollment"
            );
            return true;
        });

    public Task RemsFormAsync(Guid appointment, CancellationToken cancellationToken) =>
        InScopeAsync<RemsRecords, bool>(async rems =>
        {
            Expect(
                await rems.RecordFormAsync(appointment, new RemsRecord(null, "DEMO-FORM"), cancellationToken),
                "record a REMS form"
            );
            return true;
        });

    public Task AnswerAsync(
        string token,
        IReadOnlyDictionary<string, int> answers,
        CancellationToken cancellationToken
    ) =>
        InScopeAsync<SurveyResponses, bool>(async responses =>
        {
            var submitted = await responses.SubmitAsync(
                token,
                answers,
                new Dictionary<string, string[]>(),
                cancellationToken
            );
            return submitted.Result is not null
                ? true
                : throw new InvalidOperationException($"The demo's answers were not taken: {submitted.Lookup}.");
        });

    public async Task<Survey> SurveyAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SchedulingDbContext>()
            .Surveys.AsNoTracking()
            .SingleAsync(s => s.Id == id, cancellationToken);
    }

    private async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> act)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private static T Expect<T>(Outcome<T> outcome, string what) =>
        outcome.Kind == OutcomeKind.Ok
            ? outcome.Value!
            : throw new InvalidOperationException(
                $"The demo could not {what}: {outcome.Kind} {outcome.Detail} "
                    + string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
            );
}
