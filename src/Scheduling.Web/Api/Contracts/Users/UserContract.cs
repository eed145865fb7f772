using Scheduling.Core.Users;

namespace Scheduling.Web.Api.Contracts.Users;

/// <summary>POST /api/users as a client sends it; read by <see cref="UserRequests"/>.</summary>
public sealed record NewUser(
    string? Email,
    string? Password,
    IReadOnlyList<string?>? Roles,
    IReadOnlyList<Guid>? ClinicIds
);

/// <summary>PUT /api/users/{id}: the account's roles and clinics, replacing what it had.</summary>
public sealed record UserAccess(IReadOnlyList<string?>? Roles, IReadOnlyList<Guid>? ClinicIds);

/// <summary>An account on the wire: `clinicIds` empty means every clinic.</summary>
public sealed record UserView(
    string Id,
    string Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<Guid> ClinicIds,
    bool Disabled,
    bool LockedOut,
    bool TwoFactorEnabled
)
{
    public static UserView From(StaffAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(
            account.Id,
            account.Email,
            account.Roles,
            account.ClinicIds,
            account.Disabled,
            account.LockedOut,
            account.TwoFactorEnabled
        );
    }
}
