namespace Scheduling.Core.Users;

/// <summary>
/// A new staff account as the use case takes it: the address already read as one mailbox, the password as
/// typed, roles among <see cref="Identity.Roles.All"/>, and the clinics it may see (none: every clinic).
/// </summary>
public sealed record NewStaffAccount(
    string Email,
    string Password,
    IReadOnlyList<string> Roles,
    IReadOnlyList<Guid> ClinicIds
);

/// <summary>An account's roles and clinics, replacing what it had.</summary>
public sealed record StaffAccess(IReadOnlyList<string> Roles, IReadOnlyList<Guid> ClinicIds);

/// <summary>A staff account as it is: `ClinicIds` empty means every clinic.</summary>
public sealed record StaffAccount(
    string Id,
    string Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<Guid> ClinicIds,
    bool Disabled,
    bool LockedOut,
    bool TwoFactorEnabled
);

/// <summary>
/// What only the store can say about an account's inputs: what the password rules refuse, and which of the
/// clinics named do not exist. Both empty: the inputs can be saved.
/// </summary>
public sealed record StaffAccountCheck(IReadOnlyList<string> PasswordRefusals, IReadOnlyList<Guid> UnknownClinics)
{
    public bool Passed => PasswordRefusals.Count == 0 && UnknownClinics.Count == 0;
}
