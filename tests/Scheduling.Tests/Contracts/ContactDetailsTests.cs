using Scheduling.Core.Contracts;

namespace Scheduling.Tests.Contracts;

/// <summary>
/// Contacts are read by the parsers the senders use (docs/api-contract.md, "Nothing silent"): what is
/// accepted here is what MimeKit puts in a To header and what Twilio can text.
/// </summary>
public sealed class ContactDetailsTests
{
    [Theory]
    [InlineData("alex.rivera@example.com")]
    [InlineData("  alex+infusions@mail.example.org  ")]
    [InlineData("o'brien@example.ie")]
    [InlineData("oncall@demo.local")]
    public void Email_IsAccepted_WhenMimeKitReadsOneBareMailbox(string text)
    {
        var problems = new Problems();

        var address = ContactDetails.Email(text, "email", problems);

        Assert.False(problems.Any);
        Assert.Equal(text.Trim(), address);
        Assert.Equal(address, MimeKit.MailboxAddress.Parse(address!).Address);
    }

    [Theory]
    [InlineData("jane(@example.com")]
    [InlineData("not-an-email")]
    [InlineData("lee@")]
    [InlineData("@example.com")]
    [InlineData("jane@localhost")]
    [InlineData("jane@example.com.")]
    [InlineData("Jane <jane@example.com>")]
    [InlineData("jane@example.com, joe@example.com")]
    [InlineData("jane@example.com (home)")]
    [InlineData("jane..doe@example.com")]
    [InlineData("jane doe@example.com")]
    [InlineData("jane@exa mple.com")]
    [InlineData("jane@@example.com")]
    [InlineData("\"unterminated@example.com")]
    public void Email_IsRefused_WhenItIsNotOneAddressTheSenderCanUse(string text)
    {
        var problems = new Problems();

        var address = ContactDetails.Email(text, "email", problems);

        Assert.Null(address);
        Assert.Equal(["email"], problems.ToDictionary().Keys);
    }

    [Fact]
    public void Email_IsRefused_WhenLongerThanSmtpCarries()
    {
        var problems = new Problems();

        Assert.Null(ContactDetails.Email(new string('a', 250) + "@example.com", "email", problems));
        Assert.True(problems.Any);
    }

    [Theory]
    [InlineData("(202) 555-0111", "US", "+12025550111")]
    [InlineData("+1 202 555 0199", "US", "+12025550199")]
    [InlineData("+44 7911 123456", "US", "+447911123456")]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("+49 151 23456789", "US", "+4915123456789")]
    public void SmsPhone_IsStoredInE164_WhenATextCanReachIt(string text, string region, string expected)
    {
        var problems = new Problems();

        var number = ContactDetails.SmsPhone(text, "phone", region, problems);

        Assert.False(problems.Any, string.Join("; ", problems.ToDictionary().SelectMany(p => p.Value)));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+1 800 555 0199")]
    [InlineData("+49 30 12345678")]
    public void SmsPhone_IsRefused_ForLandlinesAndServiceNumbers(string text)
    {
        var problems = new Problems();

        Assert.Null(ContactDetails.SmsPhone(text, "phone", "US", problems));
        Assert.Contains("mobile number", Assert.Single(problems.ToDictionary()["phone"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("555")]
    [InlineData("12")]
    [InlineData("abc")]
    [InlineData("+1 202 555 01")]
    public void SmsPhone_IsRefused_WhenNotAValidNumber(string text)
    {
        var problems = new Problems();

        Assert.Null(ContactDetails.SmsPhone(text, "phone", "US", problems));
        Assert.Equal(["phone"], problems.ToDictionary().Keys);
    }

    [Fact]
    public void Phone_TakesALandline_ForTheClinicsOwnLine()
    {
        var problems = new Problems();

        Assert.Equal("+442079460958", ContactDetails.Phone("+44 20 7946 0958", "phone", "US", problems));
        Assert.False(problems.Any);
    }
}
