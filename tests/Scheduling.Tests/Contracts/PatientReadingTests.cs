using NodaTime;
using Scheduling.Core.Contracts;
using Scheduling.Core.Patients;
using Scheduling.Web.Api.Contracts.Patients;

namespace Scheduling.Tests.Contracts;

/// <summary>
/// A patient's details read in the web host against their clinic (docs/api-contract.md, "Patients"): the phone in
/// the clinic's region, the date of birth before the clinic's today, every bad field under its wire name.
/// </summary>
public sealed class PatientReadingTests
{
    private static readonly PatientReading.ClinicContext NewYork = new(
        "US",
        DateTimeZoneProviders.Tzdb["America/New_York"],
        new LocalDate(2026, 12, 4)
    );

    private sealed record Fields(
        string? FirstName = "Alex",
        string? LastName = "Rivera",
        string? DateOfBirth = "1984-03-10",
        string? Email = " alex.rivera@example.com ",
        string? Phone = "(202) 555-0111",
        bool? EmailConsent = true,
        bool? SmsConsent = false,
        string? ConsentText = "  I agree to texts about my sessions.  ",
        string? Language = "es",
        bool NoConsent = false
    )
    {
        public PatientFacts? Read(PatientReading.ClinicContext clinic, Problems problems) =>
            PatientReading.Read(
                FirstName,
                LastName,
                DateOfBirth,
                Email,
                Phone,
                NoConsent ? null : new ConsentInput(EmailConsent, SmsConsent, ConsentText),
                Language,
                clinic,
                problems
            );
    }

    [Fact]
    public void ValidDetails_ReadIntoTheTypedFacts()
    {
        var problems = new Problems();

        var facts = new Fields().Read(NewYork, problems);

        Assert.False(problems.Any);
        Assert.Equal(
            new PatientFacts(
                "Alex",
                "Rivera",
                new LocalDate(1984, 3, 10),
                "alex.rivera@example.com",
                "+12025550111",
                EmailConsent: true,
                SmsConsent: false,
                "I agree to texts about my sessions.",
                "es"
            ),
            facts
        );
    }

    [Fact]
    public void ThePhone_IsReadInTheClinicsRegion_AndBlankConsentWordsAreNone()
    {
        var problems = new Problems();
        var london = NewYork with { Region = "GB" };

        var facts = new Fields(Phone: "07911 123456", ConsentText: "  ", Language: null).Read(london, problems);

        Assert.Equal("+447911123456", facts!.Phone);
        Assert.Null(facts.ConsentEvidence);
        Assert.Null(facts.Language);
    }

    [Fact]
    public void TheClinicsToday_IsTheLastDateOfBirthTaken()
    {
        var problems = new Problems();

        Assert.NotNull(new Fields(DateOfBirth: "2026-12-04").Read(NewYork, problems));
        Assert.Null(new Fields(DateOfBirth: "2026-12-05").Read(NewYork, problems));
        Assert.Equal(["dateOfBirth"], problems.ToDictionary().Keys);
    }

    /// <summary>Valid details spoiled in one field, and the field the refusal must name.</summary>
    private static readonly Dictionary<string, (Fields Fields, string Field)> Spoiled = new()
    {
        ["firstName #0"] = (new Fields(FirstName: " "), "firstName"),
        ["lastName #1"] = (new Fields(LastName: new string('r', 101)), "lastName"),
        ["dateOfBirth #2"] = (new Fields(DateOfBirth: "10/03/1984"), "dateOfBirth"),
        ["dateOfBirth #3"] = (new Fields(DateOfBirth: "2030-01-01"), "dateOfBirth"),
        ["email #4"] = (new Fields(Email: "alex@"), "email"),
        ["phone #5"] = (new Fields(Phone: "+1 800 555 0199"), "phone"),
        ["phone #6"] = (new Fields(Phone: "555"), "phone"),
        ["consent.email #7"] = (new Fields(EmailConsent: null), "consent.email"),
        ["consent.sms #8"] = (new Fields(SmsConsent: null), "consent.sms"),
        ["consent.text #9"] = (new Fields(ConsentText: new string('w', 2001)), "consent.text"),
        ["language #10"] = (new Fields(Language: "e"), "language"),
        ["language #11"] = (new Fields(Language: new string('x', 17)), "language"),
    };

    public static TheoryData<string> BadFields() => new(Spoiled.Keys);

    [Theory]
    [MemberData(nameof(BadFields))]
    public void ABadField_IsRefusedUnderItsWireName(string spoiled)
    {
        var problems = new Problems();
        var (fields, field) = Spoiled[spoiled];

        Assert.Null(fields.Read(NewYork, problems));
        Assert.Equal([field], problems.ToDictionary().Keys);
    }

    [Fact]
    public void NoConsent_NamesBothChannels()
    {
        var problems = new Problems();

        Assert.Null(new Fields(NoConsent: true).Read(NewYork, problems));
        Assert.Equal(["consent.email", "consent.sms"], problems.ToDictionary().Keys.Order());
    }
}
