namespace Scheduling.Web.Api.Contracts.Messaging;

/// <summary>
/// The body of PUT /api/clinics/{clinicId}/message-templates/{kind}/{channel}; language defaults to en.
/// </summary>
public sealed record MessageWordingRequest(string? Language, string? Subject, string? Body);
