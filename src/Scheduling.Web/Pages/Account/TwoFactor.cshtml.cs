using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scheduling.Web.Auth;

namespace Scheduling.Web.Pages.Account;

/// <summary>
/// The signed-in user's own second factor: the shared key and the otpauth URI as text (any authenticator
/// app takes either), then one code turns it on. The only page a user whose role needs a second factor
/// reaches before enrolling.
/// </summary>
public sealed class TwoFactorModel(
    AuthenticatorEnrolment enrolment,
    SignInManager<IdentityUser> signIn,
    StaffSignIn staff
) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public AuthenticatorSetup? Setup { get; private set; }

    public bool Required { get; private set; }

    public bool Enabled { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            ModelState.AddModelError(nameof(Code), "Enter the six-digit code your authenticator app shows.");
            await LoadAsync();
            return Page();
        }

        var outcome = await enrolment.EnableAsync(User, Code, cancellationToken);
        if (outcome is not { Result: EnrolmentResult.Enabled, User: { } user })
        {
            ModelState.AddModelError(
                nameof(Code),
                outcome.Result == EnrolmentResult.NoKey
                    ? "Open this page again to get a key first."
                    : StaffSignIn.CodeWrongTitle
            );
            await LoadAsync();
            return Page();
        }

        // The new security stamp ended the old cookie; this one is signed in with both factors.
        await signIn.SignInWithClaimsAsync(
            user,
            isPersistent: false,
            [new Claim(ClaimTypes.AuthenticationMethod, StaffSignIn.MultiFactor)]
        );
        return Redirect($"{SessionChecks.EnrolPage}?done=1");
    }

    private async Task LoadAsync()
    {
        Setup = await enrolment.StartAsync(User, renew: false);
        Enabled = Setup is null;
        Required = staff.RequiresTwoFactor(User);
    }
}
