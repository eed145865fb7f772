using NodaTime;
using Scheduling.Core.Booking;
using Scheduling.Core.Contracts;
using Scheduling.Domain.Booking;
using Scheduling.Web.Api.Contracts.Booking;

namespace Scheduling.Tests.Contracts;

/// <summary>
/// docs/api-contract.md, "Booking": the appointment list takes local dates `from` and `to`; a move, a reschedule
/// and a series move take a local `start` without offset; a ride is `confirmed` true or false; a state is named;
/// sessions are added by `count`. Each bad field is an error under the name the client sent.
/// </summary>
public sealed class BookingRequestsTests
{
    private static readonly Guid Clinic = Guid.Parse("6f1c2a34-0000-4000-8000-000000000001");
    private static readonly Guid Series = Guid.Parse("6f1c2a34-0000-4000-8000-000000000002");
    private static readonly Guid Session = Guid.Parse("6f1c2a34-0000-4000-8000-000000000003");

    [Fact]
    public void AListOfTwoDates_ReadsIntoTheQuery()
    {
        var read = AppointmentRequests.ReadList(" 2026-12-01 ", "2026-12-07", Clinic);

        Assert.Equal(new AppointmentQuery(new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 7), Clinic), read.Value);
    }

    [Theory]
    [InlineData(null, "2026-12-07", "from")]
    [InlineData("1 December", "2026-12-07", "from")]
    [InlineData("2026-12-01", "", "to")]
    [InlineData("2026-12-01", "2026-12-01T09:00", "to")]
    [InlineData("2026-12-01", "2200-01-01", "to")]
    public void AMissingOrUnreadableDate_IsAnErrorOfItsField(string? from, string? to, string field)
    {
        var read = AppointmentRequests.ReadList(from, to, null);

        Assert.Equal(OutcomeKind.Invalid, read.Kind);
        Assert.Equal([field], read.Errors.Keys);
    }

    [Fact]
    public void BothDatesBad_AreNamedAtOnce()
    {
        var read = AppointmentRequests.ReadList("soon", null, null);

        Assert.Equal(["from", "to"], read.Errors.Keys.Order());
    }

    [Theory]
    [InlineData("2026-12-03T10:15", 10, 15, 0)]
    [InlineData("2026-12-03T10:15:30", 10, 15, 30)]
    public void ARescheduleStart_ReadsAsTheClinicsWallClockTime(string start, int hour, int minute, int second)
    {
        var read = AppointmentRequests.ReadReschedule(new RescheduleInput(start));

        Assert.Equal(new LocalDateTime(2026, 12, 3, hour, minute, second), read.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-12-03T10:15:00Z")]
    [InlineData("tomorrow at ten")]
    [InlineData("9999-12-03T10:15")]
    public void ARescheduleWithoutAReadableStart_IsAnErrorOfStart(string? start)
    {
        Assert.Equal(["start"], AppointmentRequests.ReadReschedule(new RescheduleInput(start)).Errors.Keys);
        Assert.Equal(["start"], AppointmentRequests.ReadReschedule(null).Errors.Keys);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ARide_ReadsAsGiven(bool confirmed) =>
        Assert.Equal(confirmed, AppointmentRequests.ReadRide(new RideInput(confirmed)).Value);

    [Fact]
    public void ARideWithoutConfirmed_IsAnErrorOfConfirmed()
    {
        var read = AppointmentRequests.ReadRide(new RideInput(null));

        Assert.Equal(["Expected true or false."], read.Errors["confirmed"]);
        Assert.Equal(["confirmed"], AppointmentRequests.ReadRide(null).Errors.Keys);
    }

    [Theory]
    [InlineData("Arrived", AppointmentStatus.Arrived)]
    [InlineData("NoShow", AppointmentStatus.NoShow)]
    [InlineData("Completed", AppointmentStatus.Completed)]
    public void AStateByItsName_ReadsIntoTheState(string text, AppointmentStatus status) =>
        Assert.Equal(status, AppointmentRequests.ReadStatus(new StatusInput(text)).Value);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("arrived")]
    [InlineData("Gone")]
    [InlineData("99")]
    public void AnUnknownState_IsAnErrorOfStatus(string? text)
    {
        var read = AppointmentRequests.ReadStatus(new StatusInput(text));

        Assert.Equal(["Expected Arrived, NoShow or Completed."], read.Errors["status"]);
    }

    [Fact]
    public void AMove_ReadsIntoTheCommand_APreviewOnlyWhenAsked()
    {
        var move = SeriesChangeRequests.ReadMove(Series, new MoveRestInput(Session, "2026-12-10T09:40", null));
        var preview = SeriesChangeRequests.ReadMove(Series, new MoveRestInput(Session, "2026-12-10T09:40", true));

        var start = new LocalDateTime(2026, 12, 10, 9, 40);
        Assert.Equal(new MoveRestCommand(Series, Session, start, Preview: false), move.Value);
        Assert.Equal(new MoveRestCommand(Series, Session, start, Preview: true), preview.Value);
    }

    [Fact]
    public void AMoveWithNeitherSessionNorStart_NamesBoth()
    {
        var read = SeriesChangeRequests.ReadMove(Series, new MoveRestInput(null, "next week", false));

        Assert.Equal(["fromAppointmentId is required."], read.Errors["fromAppointmentId"]);
        Assert.Equal(["fromAppointmentId", "start"], read.Errors.Keys.Order());
        Assert.Equal(["fromAppointmentId", "start"], SeriesChangeRequests.ReadMove(Series, null).Errors.Keys.Order());
    }

    [Fact]
    public void SessionsToAdd_ReadAsTheirCount() =>
        Assert.Equal(3, SeriesChangeRequests.ReadAddSessions(new AddSessionsInput(3)).Value);

    [Fact]
    public void SessionsToAddWithoutACount_IsAnErrorOfCount()
    {
        Assert.Equal(
            ["Expected a number of sessions from 1 to 12."],
            SeriesChangeRequests.ReadAddSessions(new AddSessionsInput(null)).Errors["count"]
        );
        Assert.Equal(["count"], SeriesChangeRequests.ReadAddSessions(null).Errors.Keys);
    }
}
