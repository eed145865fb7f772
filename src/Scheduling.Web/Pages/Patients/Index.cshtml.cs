using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scheduling.Web.Api.Contracts.Patients;

namespace Scheduling.Web.Pages.Patients;

/// <summary>
/// Find a patient by name, email or phone (the API's search, audited there); before a search, the patients most
/// recently seen or booked in the user's clinics.
/// </summary>
public sealed class IndexModel(PatientRequests patients) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>How many recent patients the page shows before a search.</summary>
    public const int RecentCount = 20;

    public IReadOnlyList<PatientView>? Found { get; private set; }

    public IReadOnlyList<PatientView> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Found = await patients.SearchAsync(Q.Length > 200 ? Q[..200] : Q, cancellationToken);
        }
        else
        {
            Recent = await patients.RecentAsync(RecentCount, cancellationToken);
        }
    }
}
