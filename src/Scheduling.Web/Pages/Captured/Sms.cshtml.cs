using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core;
using Scheduling.Core.Audit;
using Scheduling.Core.Messaging.Sms;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;

namespace Scheduling.Web.Pages.Captured;

/// <summary>
/// The SMS the capture adapter kept. Each view is audited: one row for the page, and one per shown SMS of a
/// patient (with the patient's id), so the audit search for a patient finds that their texts were read. The
/// links' tokens open a patient's survey or session without a sign-in, so only their first characters show,
/// except in local mode, whose patients are demo data and whose links a person follows to try the survey.
/// </summary>
public sealed partial class SmsModel(SchedulingDbContext db, AuditLog audit, IHostEnvironment environment) : PageModel
{
    public const string AuditEntity = "CapturedSms";

    private const int PageSize = 200;

    public IReadOnlyList<CapturedSms> Messages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Messages = await db
            .CapturedSms.AsNoTracking()
            .OrderByDescending(s => s.CapturedAt)
            .Take(PageSize)
            .ToListAsync(cancellationToken);
        var providerIds = Messages.Select(s => CapturingSmsSender.ProviderIdPrefix + s.Id.ToString("N")).ToList();
        var patients = await db
            .Messages.AsNoTracking()
            .Where(m => m.ProviderId != null && providerIds.Contains(m.ProviderId) && m.PatientId != null)
            .Select(m => new { m.ProviderId, m.PatientId })
            .ToListAsync(cancellationToken);
        foreach (var sms in Messages)
        {
            var providerId = CapturingSmsSender.ProviderIdPrefix + sms.Id.ToString("N");
            foreach (
                var patientId in patients.Where(p => p.ProviderId == providerId).Select(p => p.PatientId).Distinct()
            )
            {
                audit.Record("viewed", AuditEntity, sms.Id, patientId);
            }
        }

        await audit.ViewedAsync(AuditEntity, Guid.Empty, null, cancellationToken);
    }

    public string Shown(string body) => environment.IsLocal() ? body : Masked(body);

    /// <summary>"…/s/Ab3d…" for "…/s/Ab3dEfGh…": enough to tell links apart, not enough to open one.</summary>
    public static string Masked(string body) => LinkToken().Replace(body, "$1$2…");

    [GeneratedRegex("(/[sp]/)([A-Za-z0-9_-]{4})[A-Za-z0-9_-]+")]
    private static partial Regex LinkToken();
}
