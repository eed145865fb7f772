using NodaTime;
using Scheduling.Core.Clinics;
using Scheduling.Core.Contracts;
using Scheduling.Domain.Booking.Planning;
using Scheduling.Web.Api.Contracts.Clinics;

namespace Scheduling.Tests.Contracts;

/// <summary>
/// POST and PUT /api/clinics read in the web host (docs/api-contract.md, "Clinics"): a valid body becomes the typed
/// definition the use cases take, and each bad field is refused under the name the client sent it by.
/// </summary>
public sealed class ClinicReadingTests
{
    private static readonly IDateTimeZoneProvider Zones = DateTimeZoneProviders.Tzdb;

    private static ClinicInput Valid() =>
        new(
            "Ketamine Wellness Center",
            "America/New_York",
            "(202) 555-0111",
            3,
            [new OpeningHoursInput("Monday", "08:00", "12:00"), new OpeningHoursInput("monday", "13:00", "17:30")],
            ["2026-12-24", "2026-12-25", "2026-12-24"],
            new SendingWindowInput("09:00", "19:00"),
            [new OnCallInput("Dr. Rivera", "oncall@example.com", "202 555 0199")],
            "Wellness Center",
            "PT48H"
        );

    [Fact]
    public void AValidBody_ReadsIntoTheTypedDefinition()
    {
        var problems = new Problems();

        var (definition, shown) = ClinicReading.Read(Valid(), Zones, problems);

        Assert.False(problems.Any);
        Assert.NotNull(definition);
        Assert.Equal("Wellness Center", shown);
        Assert.Equal("Ketamine Wellness Center", definition.Name);
        Assert.Equal("Wellness Center", definition.MessageName);
        Assert.Equal("America/New_York", definition.Zone.Id);
        Assert.Equal("+12025550111", definition.Phone);
        Assert.Equal(3, definition.Chairs);
        Assert.Equal(
            [
                new OpeningRange(IsoDayOfWeek.Monday, new LocalTime(8, 0), new LocalTime(12, 0)),
                new OpeningRange(IsoDayOfWeek.Monday, new LocalTime(13, 0), new LocalTime(17, 30)),
            ],
            definition.OpeningHours
        );
        Assert.Equal([new LocalDate(2026, 12, 24), new LocalDate(2026, 12, 25)], definition.ClosedDates);
        Assert.Equal(new SendingWindow(new LocalTime(9, 0), new LocalTime(19, 0)), definition.SendingWindow);
        Assert.Equal([new OnCallDetails("Dr. Rivera", "oncall@example.com", "+12025550199")], definition.OnCall);
        Assert.Equal(Duration.FromHours(48), definition.CancelNotice);
    }

    [Fact]
    public void OptionalFields_WhenAbsent_AreLeftToTheUseCase()
    {
        var problems = new Problems();
        var input = Valid() with { MessageName = "  ", SendingWindow = null, CancelNotice = null };

        var (definition, shown) = ClinicReading.Read(input, Zones, problems);

        Assert.False(problems.Any);
        Assert.Null(definition!.MessageName);
        Assert.Equal("Ketamine Wellness Center", shown);
        Assert.Null(definition.SendingWindow);
        Assert.Null(definition.CancelNotice);
    }

    /// <summary>A valid body spoiled in one field, and the field the refusal must name.</summary>
    private static readonly Dictionary<string, (Func<ClinicInput, ClinicInput> Spoil, string Field)> Spoiled = new()
    {
        ["name #0"] = (c => c with { Name = " " }, "name"),
        ["messageName #1"] = (c => c with { MessageName = new string('x', 201) }, "messageName"),
        ["timeZone #2"] = (c => c with { TimeZone = "Mars/Olympus_Mons" }, "timeZone"),
        ["phone #3"] = (c => c with { Phone = "555" }, "phone"),
        ["chairs #4"] = (c => c with { Chairs = null }, "chairs"),
        ["chairs #5"] = (c => c with { Chairs = 201 }, "chairs"),
        ["openingHours #6"] = (c => c with { OpeningHours = [] }, "openingHours"),
        ["openingHours[0] #7"] = (c => c with { OpeningHours = [null] }, "openingHours[0]"),
        ["openingHours[0].day #8"] = (
            c => c with { OpeningHours = [new OpeningHoursInput("Someday", "08:00", "12:00")] },
            "openingHours[0].day"
        ),
        ["openingHours[0].open #9"] = (
            c => c with { OpeningHours = [new OpeningHoursInput("Monday", "8am", "12:00")] },
            "openingHours[0].open"
        ),
        ["openingHours[0].close #10"] = (
            c => c with { OpeningHours = [new OpeningHoursInput("Monday", "12:00", "08:00")] },
            "openingHours[0].close"
        ),
        ["openingHours[1] #11"] = (
            c =>
                c with
                {
                    OpeningHours =
                    [
                        new OpeningHoursInput("Monday", "08:00", "12:00"),
                        new OpeningHoursInput("Monday", "11:00", "13:00"),
                    ],
                },
            "openingHours[1]"
        ),
        ["closedDates[0] #12"] = (c => c with { ClosedDates = ["2026-02-30"] }, "closedDates[0]"),
        ["sendingWindow.start #13"] = (
            c => c with { SendingWindow = new SendingWindowInput("nine", "19:00") },
            "sendingWindow.start"
        ),
        ["sendingWindow.end #14"] = (
            c => c with { SendingWindow = new SendingWindowInput("19:00", "09:00") },
            "sendingWindow.end"
        ),
        ["onCall #15"] = (c => c with { OnCall = [] }, "onCall"),
        ["onCall #16"] = (c => c with { OnCall = null }, "onCall"),
        ["onCall[0] #17"] = (c => c with { OnCall = [null] }, "onCall[0]"),
        ["onCall[0].name #18"] = (
            c => c with { OnCall = [new OnCallInput("", "oncall@example.com", "202 555 0199")] },
            "onCall[0].name"
        ),
        ["onCall[0].email #19"] = (
            c => c with { OnCall = [new OnCallInput("Rivera", "oncall@", "202 555 0199")] },
            "onCall[0].email"
        ),
        ["onCall[0].phone #20"] = (
            c => c with { OnCall = [new OnCallInput("Rivera", "oncall@example.com", "+1 800 555 0199")] },
            "onCall[0].phone"
        ),
        ["cancelNotice #21"] = (c => c with { CancelNotice = "tomorrow" }, "cancelNotice"),
        ["cancelNotice #22"] = (c => c with { CancelNotice = "-PT1H" }, "cancelNotice"),
        ["cancelNotice #23"] = (c => c with { CancelNotice = "P31D" }, "cancelNotice"),
    };

    public static TheoryData<string> BadFields() => new(Spoiled.Keys);

    [Theory]
    [MemberData(nameof(BadFields))]
    public void ABadField_IsRefusedUnderItsWireName(string spoiled)
    {
        var problems = new Problems();
        var (spoil, field) = Spoiled[spoiled];

        var (definition, _) = ClinicReading.Read(spoil(Valid()), Zones, problems);

        Assert.Null(definition);
        Assert.Equal([field], problems.ToDictionary().Keys);
    }

    [Fact]
    public void NoBody_IsRefusedAsTheBody()
    {
        var problems = new Problems();

        var (definition, shown) = ClinicReading.Read(null, Zones, problems);

        Assert.Null(definition);
        Assert.Null(shown);
        Assert.Equal(["body"], problems.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("PT0S", 0)]
    [InlineData("PT24H", 24)]
    [InlineData("P30D", 720)]
    public void CancelNotice_IsTakenFromZeroToThirtyDays(string text, int hours)
    {
        var problems = new Problems();

        Assert.Equal(Duration.FromHours(hours), ClinicReading.ReadCancelNotice(text, problems));
        Assert.False(problems.Any);
    }

    [Fact]
    public void AnOnCallContact_OnItsOwn_IsReadInTheClinicsRegion()
    {
        var problems = new Problems();

        var contact = ClinicReading.ReadOnCall(
            new OnCallInput("Lee", "lee@example.co.uk", "07911 123456"),
            "",
            "GB",
            problems
        );

        Assert.Equal(new OnCallDetails("Lee", "lee@example.co.uk", "+447911123456"), contact);
        Assert.False(problems.Any);
    }

    [Fact]
    public void AnOnCallContact_OnItsOwn_NamesItsFieldsWithoutAPrefix()
    {
        var problems = new Problems();

        Assert.Null(ClinicReading.ReadOnCall(new OnCallInput(null, "x", "1"), "", "US", problems));
        Assert.Equal(["email", "name", "phone"], problems.ToDictionary().Keys.Order());
        Assert.Null(ClinicReading.ReadOnCall(null, "", "US", problems = new Problems()));
        Assert.Equal(["body"], problems.ToDictionary().Keys);
    }

    [Fact]
    public void TheSendingWindowOnItsOwn_NamesStartAndEnd()
    {
        var problems = new Problems();

        Assert.Null(ClinicReading.ReadWindow(null, "", problems));
        Assert.Equal(["end", "start"], problems.ToDictionary().Keys.Order());
    }
}
