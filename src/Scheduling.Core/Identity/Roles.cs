namespace Scheduling.Core.Identity;

public static class Roles
{
    public const string FrontDesk = "FrontDesk";
    public const string Clinician = "Clinician";
    public const string Ops = "Ops";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [FrontDesk, Clinician, Ops, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>Authorization policies by what a user may do; Admin may do everything.</summary>
public static class Policies
{
    public const string Staff = "Staff";
    public const string FrontDesk = "FrontDesk";
    public const string Clinician = "Clinician";
    public const string Ops = "Ops";
    public const string Admin = "Admin";

    /// <summary>
    /// The people who look after patients: front desk and clinicians (the dashboard's Today, patients and worklists).
    /// </summary>
    public const string CareTeam = "CareTeam";
}
