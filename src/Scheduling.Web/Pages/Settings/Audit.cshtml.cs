using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Audit;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Audit;

namespace Scheduling.Web.Pages.Settings;

/// <summary>Who viewed or changed what, newest first; by patient (lists that showed them too) or by user.</summary>
public sealed class AuditModel(SchedulingDbContext db, AuditTrail trail) : PageModel
{
    private const int PageSize = 200;

    [BindProperty(SupportsGet = true)]
    public Query Ask { get; set; } = new();

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Users { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        List<string>? users = null;
        if (!string.IsNullOrWhiteSpace(Ask.User))
        {
            users = await db
                .Users.Where(u => u.Email == Ask.User.Trim())
                .Select(u => u.Id)
                .ToListAsync(cancellationToken);
            users.Add(Ask.User.Trim());
        }

        Events = await trail.SearchAsync(Ask.PatientId, users, PageSize, cancellationToken);
        var actors = Events.Select(e => e.Actor).Distinct().ToList();
        Users = await db
            .Users.Where(u => actors.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
    }

    public sealed class Query
    {
        public Guid? PatientId { get; set; }
        public string? User { get; set; }
    }
}
