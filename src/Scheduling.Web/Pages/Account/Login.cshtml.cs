using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Scheduling.Web.Auth;

namespace Scheduling.Web.Pages.Account;

/// <summary>
/// The password, then (for an enrolled user) the authenticator code on a second step; between the two the
/// user's id waits in a short-lived cookie of its own. A user whose role needs a second factor not yet
/// enrolled is signed in to the enrol page only (<see cref="SessionChecks"/>).
/// </summary>
[EnableRateLimiting(AuthEndpoints.LoginRateLimit)]
public sealed class LoginModel(SignInManager<IdentityUser> signIn, StaffSignIn staff) : PageModel
{
    [BindProperty]
    public Credentials Input { get; set; } = new();

    [BindProperty]
    public string? Code { get; set; }

    /// <summary>Whether the page asks for the authenticator code.</summary>
    public bool CodeStep { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturnUrl(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var attempt = await staff.CheckPasswordAsync(Input.Email, Input.Password, cancellationToken);
        switch (attempt)
        {
            case { Step: SignInStep.SignedIn, User: { } user }:
                await SignInAsync(user, attempt.Factors);
                return LocalRedirect(ReturnUrl);
            case { Step: SignInStep.MustEnrol, User: { } user }:
                await SignInAsync(user, attempt.Factors);
                return LocalRedirect(SessionChecks.EnrolPage);
            case { Step: SignInStep.CodeNeeded, User: { } user }:
                var waiting = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
                waiting.AddClaim(new Claim(ClaimTypes.Name, user.Id));
                await HttpContext.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(waiting));
                CodeStep = true;
                return Page();
            default:
                ModelState.AddModelError(string.Empty, StaffSignIn.RefusedTitle);
                return Page();
        }
    }

    public async Task<IActionResult> OnPostCodeAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        ModelState.Clear();
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            ModelState.AddModelError(string.Empty, "The sign-in took too long; enter your email and password again.");
            return Page();
        }

        var attempt = await staff.CheckCodeAsync(user, Code, cancellationToken);
        if (attempt.Step == SignInStep.SignedIn)
        {
            await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            await SignInAsync(user, attempt.Factors);
            return LocalRedirect(ReturnUrl);
        }

        if (attempt.Step == SignInStep.Refused)
        {
            await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            ModelState.AddModelError(string.Empty, StaffSignIn.RefusedTitle);
            return Page();
        }

        CodeStep = true;
        ModelState.AddModelError(
            nameof(Code),
            attempt.Step == SignInStep.CodeWrong
                ? StaffSignIn.CodeWrongTitle
                : "Enter the six-digit code from your authenticator app."
        );
        return Page();
    }

    private Task SignInAsync(IdentityUser user, string factors) =>
        signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(ClaimTypes.AuthenticationMethod, factors)]);

    /// <summary>Only a path on this site: a crafted link cannot send a signed-in user elsewhere.</summary>
    private string SafeReturnUrl(string? returnUrl) =>
        returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";

    public sealed class Credentials
    {
        [Required(ErrorMessage = "Enter the email address you sign in with.")]
        [EmailAddress(ErrorMessage = "This is not an email address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = "";
    }
}
