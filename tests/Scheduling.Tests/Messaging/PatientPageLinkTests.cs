using Scheduling.Core.Messaging.Content;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Domain.Messaging;
using Scheduling.Domain.Protocols;

namespace Scheduling.Tests.Messaging;

/// <summary>Every reminder and move notice carries the link to the patient's page, whoever wrote its words.</summary>
public class PatientPageLinkTests
{
    private const string Link = "https://clinic.example.test/p/AAAAAAAAAAAAAAAAAAAAAAAA";

    [Theory]
    [InlineData(MessageKind.Reminder, Channel.Sms)]
    [InlineData(MessageKind.Reminder, Channel.Email)]
    [InlineData(MessageKind.MoveNotice, Channel.Sms)]
    [InlineData(MessageKind.MoveNotice, Channel.Email)]
    public void BuiltInWordings_OfTheKindsThatCarryIt_HaveAPlaceForTheLink(MessageKind kind, Channel channel)
    {
        Assert.True(PatientPageLink.IsCarriedBy(kind));
        Assert.Contains("{{ link }}", DefaultWordings.For(kind, channel)!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void AWordingWithoutIt_GetsTheLinkAddedAtTheEnd_AndOneWithItIsLeftAsItIs()
    {
        var sms = PatientPageLink.Ensure("Clinic: see you Monday. ", Link, Channel.Sms);
        var email = PatientPageLink.Ensure("Hello,\n\nSee you Monday.", Link, Channel.Email);
        var already = PatientPageLink.Ensure($"Clinic: see you Monday, or {Link} to change.", Link, Channel.Sms);

        Assert.Equal($"Clinic: see you Monday. {Link}", sms);
        Assert.EndsWith($"\n\n{PatientPageLink.EmailLine}{Link}", email, StringComparison.Ordinal);
        Assert.Equal($"Clinic: see you Monday, or {Link} to change.", already);
    }

    [Theory]
    [InlineData(MessageKind.BookingConfirmation)]
    [InlineData(MessageKind.CancelNotice)]
    [InlineData(MessageKind.DayBeforeCheck)]
    [InlineData(MessageKind.SurveyInvitation)]
    public void OtherKinds_CarryNoPageLink(MessageKind kind) => Assert.False(PatientPageLink.IsCarriedBy(kind));
}
