using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Scheduling.Core.Messaging.Dispatch;
using Scheduling.Web.Hosting;

namespace Scheduling.Web.Pages.Ops;

/// <summary>
/// How delivery is going (<see cref="DeliveryFigures"/>): messages due in the last hour by state, how late the
/// ones sent in the last hour went out, and what waits overdue right now. Ids and counts only, no patient data.
/// </summary>
public sealed class DeliveryModel(DeliveryFigures figures, IClock clock, KeyProtection keys) : PageModel
{
    /// <summary>The start-up warning about unencrypted data-protection keys, repeated where Ops look.</summary>
    public bool KeysUnprotected => keys.Warn;

    public DeliveryReport? Figures { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Figures = await figures.ReadAsync(clock.GetCurrentInstant(), cancellationToken);
}
