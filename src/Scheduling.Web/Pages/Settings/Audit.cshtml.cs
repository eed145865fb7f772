using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Audit;

namespace Scheduling.Web.Pages.Settings;

/// <summary>Who viewed or changed what, newest first; by patient or by user.</summary>
public sealed class AuditModel(SchedulingDbContext db) : PageModel
{
    private const int PageSize = 200;

    [BindProperty(SupportsGet = true)]
    public Query Ask { get; set; } = new();

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Users { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (Ask.PatientId is { } patient)
        {
            events = events.Where(e => e.PatientId == patient);
        }

        if (!string.IsNullOrWhiteSpace(Ask.User))
        {
            var ids = await db.Users.Where(u => u.Email == Ask.User.Trim()).Select(u => u.Id).ToListAsync(cancellationToken);
            events = events.Where(e => ids.Contains(e.Actor) || e.Actor == Ask.User.Trim());
        }

        Events = await events.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(cancellationToken);
        var actors = Events.Select(e => e.Actor).Distinct().ToList();
        Users = await db.Users.Where(u => actors.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
    }

    public sealed class Query
    {
        public Guid? PatientId { get; set; }
        public string? User { get; set; }
    }
}
