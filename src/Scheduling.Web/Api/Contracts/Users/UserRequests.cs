using Scheduling.Core.Contracts;
using Scheduling.Core.Identity;
using Scheduling.Core.Users;

namespace Scheduling.Web.Api.Contracts.Users;

/// <summary>
/// Reads /api/users requests (and the Settings page's forms, which send the same) into the account use cases'
/// commands, naming each bad field as the client sent it: `email`, `password`, `roles`, `roles[i]`,
/// `clinicIds[i]`. A request is refused whole: the store's checks (password rules, clinics that exist) are asked
/// for too, so that every bad field is named at once.
/// </summary>
public sealed class UserRequests(UserAccounts accounts, UserAdministration administration)
{
    public async Task<Outcome<UserView>> CreateAsync(NewUser? input, CancellationToken cancellationToken)
    {
        var problems = new Problems();
        var email = ContactDetails.Email(input?.Email, "email", problems);
        if (string.IsNullOrEmpty(input?.Password))
        {
            problems.Add("password", "Enter a password of at least 12 characters.");
        }

        var roles = ReadRoles(input?.Roles, problems);
        var clinicIds = input?.ClinicIds ?? [];
        var check = await accounts.CheckAsync(email, input?.Password, clinicIds, cancellationToken);
        Add(check, clinicIds, problems);
        if (problems.Any)
        {
            return Outcome<UserView>.Invalid(problems.ToDictionary());
        }

        return await accounts
            .CreateAsync(new NewStaffAccount(email!, input!.Password!, roles, clinicIds), cancellationToken)
            .ToWire(UserView.From);
    }

    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await accounts.ListAsync(cancellationToken)).Select(UserView.From)];

    public async Task<Outcome<UserView>> ChangeAsync(
        Guid id,
        UserAccess? input,
        string actorId,
        CancellationToken cancellationToken
    )
    {
        var problems = new Problems();
        var roles = ReadRoles(input?.Roles, problems);
        var clinicIds = input?.ClinicIds ?? [];
        Add(await accounts.CheckAsync(null, null, clinicIds, cancellationToken), clinicIds, problems);
        if (problems.Any)
        {
            return Outcome<UserView>.Invalid(problems.ToDictionary());
        }

        return await administration
            .ChangeAsync(id, new StaffAccess(roles, clinicIds), actorId, cancellationToken)
            .ToWire(UserView.From);
    }

    public Task<Outcome<UserView>> DisableAsync(Guid id, string actorId, CancellationToken cancellationToken) =>
        administration.DisableAsync(id, actorId, cancellationToken).ToWire(UserView.From);

    public Task<Outcome<UserView>> EnableAsync(Guid id, string actorId, CancellationToken cancellationToken) =>
        administration.EnableAsync(id, actorId, cancellationToken).ToWire(UserView.From);

    /// <summary>At least one role, each one of <see cref="Roles.All"/>; in that order, each once.</summary>
    private static List<string> ReadRoles(IReadOnlyList<string?>? roles, Problems problems)
    {
        var named = (roles ?? []).ToList();
        if (named.Count == 0)
        {
            problems.Add("roles", $"Give at least one role: {string.Join(", ", Roles.All)}.");
        }

        foreach (var (role, index) in named.Select((r, i) => (r, i)))
        {
            if (role is null || !Roles.IsKnown(role))
            {
                problems.Add($"roles[{index}]", UserAccounts.UnknownRole(role));
            }
        }

        return [.. Roles.All.Where(r => named.Contains(r, StringComparer.Ordinal))];
    }

    /// <summary>Clinics before the password, as the errors have always come.</summary>
    private static void Add(StaffAccountCheck check, IReadOnlyList<Guid> clinicIds, Problems problems)
    {
        foreach (var (clinic, index) in clinicIds.Select((c, i) => (c, i)))
        {
            if (check.UnknownClinics.Contains(clinic))
            {
                problems.Add($"clinicIds[{index}]", UserAccounts.UnknownClinic(clinic));
            }
        }

        foreach (var refusal in check.PasswordRefusals)
        {
            problems.Add("password", refusal);
        }
    }
}
