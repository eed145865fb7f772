namespace Scheduling.Web.Api.Contracts.Messaging;

/// <summary>
/// One wording as the clinic's staff see it, with the content check's verdict on its lock-screen text (an
/// SMS's body, an email's subject).
/// </summary>
public sealed record MessageWordingResponse(
    Guid ClinicId,
    string Kind,
    string Channel,
    string Language,
    string? Subject,
    string Body,
    bool BuiltIn,
    string? UpdatedAt,
    string? UpdatedBy,
    bool Discreet,
    IReadOnlyList<string> ForbiddenWords
);
