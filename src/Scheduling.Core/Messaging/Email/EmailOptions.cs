using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Scheduling.Core.Messaging.Email;

/// <summary>
/// Section "Email". Unset, it points at the local mail catcher of the run command (127.0.0.1:2525, no TLS).
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender address; the local default keeps a fresh checkout running without configuration.</summary>
    [Required]
    [EmailAddress]
    public string From { get; set; } = "no-reply@scheduling.local";

    [Required]
    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>
/// Section "Email:Smtp". UseTls with port 465 means TLS from the first byte (SMTPS); with any other port it
/// means STARTTLS, required: a server that does not offer it is refused rather than spoken to in clear.
/// Without UseTls nothing is encrypted, which only suits a mail catcher on this machine.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const int ImplicitTlsPort = 465;

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 2525;

    /// <summary>Sign in only when set; the password comes from the environment (Email__Smtp__Password).</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    public bool UseTls { get; set; }

    /// <summary>
    /// Whether to pipeline MAIL, RCPT and DATA when the server offers it. Off by default: a server that
    /// writes each pipelined reply in its own segment with Nagle's algorithm on (the SmtpServer library,
    /// smtp4dev) leaves the second reply waiting for the client's delayed acknowledgement, about 40 ms a
    /// message (measured on one connection: 22 messages/s pipelined, 596/s not). Turn it on for a distant
    /// provider, where it saves two round trips a message.
    /// </summary>
    public bool Pipelining { get; set; }

    /// <summary>Connections kept open per process; each carries one message at a time.</summary>
    [Range(1, 64)]
    public int Connections { get; set; } = 8;

    /// <summary>How long one network read or write may take before the attempt is abandoned.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(User) && string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult(
                "Email:Smtp:Password is required when Email:Smtp:User is set.",
                [nameof(Password)]
            );
        }
    }
}
