using NodaTime;

namespace Scheduling.Domain.Protocols;

/// <summary>
/// What a clinic turned on for a template it books, without touching the template (built-ins are the
/// product's and every clinic shares them): for now, PCL-5 where the template offers it. Keyed by the
/// template's code, so it holds for whichever template the clinic books by that code; a series keeps
/// what held when it was booked.
/// </summary>
public sealed class ClinicTemplateOption
{
    public Guid ClinicId { get; init; }
    public required string TemplateCode { get; init; }
    public bool Pcl5 { get; private set; }
    public Instant ChangedAt { get; private set; }
    public required string ChangedBy { get; set; }

    public static ClinicTemplateOption For(Guid clinicId, string templateCode, string by) =>
        new()
        {
            ClinicId = clinicId,
            TemplateCode = templateCode,
            ChangedBy = by,
        };

    public void Set(bool pcl5, string by, Instant at)
    {
        Pcl5 = pcl5;
        ChangedBy = by;
        ChangedAt = at;
    }
}
