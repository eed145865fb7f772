using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Booking;

/// <summary>Front desks racing for the last chair: the database's exclusion constraint lets exactly one win.</summary>
public sealed class LastChairRaceTests(SchedulingApp app) : IClassFixture<SchedulingApp>
{
    private const int Desks = 20;

    [Fact]
    public async Task ParallelBookings_OfTheLastChair_ExactlyOneSucceeds_TheRestGet409()
    {
        using var desk = await BookingClient.CreateAsync(app, chairs: 1);
        var patients = new List<string>();
        for (var i = 0; i < Desks; i++)
        {
            patients.Add(await desk.NewPatientAsync($"Racer{i}"));
        }

        using var start = new SemaphoreSlim(0);
        var bookings = patients
            .Select(async patient =>
            {
                await start.WaitAsync();
                var response = await desk.PostAsync(
                    "/api/series",
                    desk.Series("ketamine-booster", "2026-12-08T10:00", ["2026-12-08T10:00"], patient)
                );
                return response.StatusCode;
            })
            .ToList();
        start.Release(Desks);
        var outcomes = await Task.WhenAll(bookings);

        Assert.Equal(1, outcomes.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(Desks - 1, outcomes.Count(s => s == HttpStatusCode.Conflict));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var clinicId = Guid.Parse(desk.ClinicId);
        Assert.Equal(
            1,
            await db.Appointments.CountAsync(a => a.ClinicId == clinicId && a.Status != AppointmentStatus.Cancelled)
        );
        Assert.Equal(1, await db.Series.CountAsync(s => s.ClinicId == clinicId));
    }
}
