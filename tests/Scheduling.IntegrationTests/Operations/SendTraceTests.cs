using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Core.Persistence;
using Scheduling.Core.Telemetry;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;
using Scheduling.IntegrationTests.Booking;
using Scheduling.IntegrationTests.Infrastructure;

namespace Scheduling.IntegrationTests.Operations;

/// <summary>
/// One trace from the booking through planning to the provider call: each planned message keeps the planning
/// activity's traceparent, and its send, later in the dispatcher, starts as that activity's child.
/// </summary>
public sealed class SendTraceTests(MessagingApp app) : IClassFixture<MessagingApp>, IDisposable
{
    private readonly ConcurrentBag<Activity> _stopped = [];
    private ActivityListener? _listener;

    [Fact]
    public async Task ThePlanningTraceParent_IsStored_AndTheSendIsItsChild()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SchedulingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
        app.Clock.Reset(Instant.FromUtc(2026, 11, 26, 15, 0));
        using var desk = await BookingClient.CreateAsync(app);
        var patient = await desk.NewPatientAsync("Traced", "(202) 555-0133");

        await desk.Http.CreatedAsync(
            "/api/series",
            desk.Series("ketamine-iv-induction", "2026-12-07T09:00", patientId: patient)
        );
        var (messageId, traceParent) = await ConfirmationAsync(Guid.Parse(patient));
        await app.DispatchAsync();

        Assert.NotNull(traceParent);
        var planning = Assert.Single(_stopped, a =>
            a.OperationName == SessionChanges.PlanningActivity && a.Id == traceParent
        );
        Assert.Equal("series book", planning.Parent?.OperationName);
        var send = Assert.Single(_stopped, a =>
            a.OperationName == "message send" && Equals(a.GetTagItem("scheduling.message.id"), messageId)
        );
        Assert.Equal(traceParent, send.ParentId);
        Assert.Equal(planning.TraceId, send.TraceId);
        Assert.Equal("Sent", send.GetTagItem("scheduling.message.state"));
    }

    private async Task<(Guid Id, string? TraceParent)> ConfirmationAsync(Guid patient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var message = await db
            .Messages.Where(m =>
                m.PatientId == patient && m.Kind == MessageKind.BookingConfirmation && m.Channel == Channel.Sms
            )
            .SingleAsync();
        return (message.Id, message.TraceParent);
    }

    public void Dispose() => _listener?.Dispose();
}
