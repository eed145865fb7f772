using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scheduling.Core.Persistence;
using Scheduling.Domain.Messaging;

namespace Scheduling.Web.Pages.Captured;

public sealed class SmsModel(SchedulingDbContext db) : PageModel
{
    private const int PageSize = 200;

    public IReadOnlyList<CapturedSms> Messages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Messages = await db.CapturedSms.AsNoTracking().OrderByDescending(s => s.CapturedAt).Take(PageSize).ToListAsync(cancellationToken);
}
