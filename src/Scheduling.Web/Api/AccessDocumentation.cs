using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Scheduling.Core.Identity;

namespace Scheduling.Web.Api;

/// <summary>
/// The OpenAPI document says who may call what (docs/access.md): the rule in the document's description,
/// and on every operation an "Access:" line read from the endpoint's own authorization metadata, so the
/// document cannot drift from what the host enforces.
/// </summary>
internal static class AccessDocumentation
{
    private const string Rule =
        "Access (docs/access.md). Every route needs a signed-in user with a role unless its Access line says "
        + "public; Admin may do everything. Ops see jobs, delivery figures and metrics, never patient data: a "
        + "user whose only role is Ops gets 403 on /api/patients…, /api/series…, /api/appointments…, "
        + "/api/surveys…, /api/alerts… and /api/work-items. A user limited to some clinics (clinicIds) gets 404"
        + " for the patients, series, sessions, surveys, alerts, tasks, messages and clinics of every other "
        + "clinic, never sees them in a list, and naming another clinic in a create is answered as an unknown "
        + "clinic (400 errors.clinicId for POST /api/patients, 404 for a series).";

    private static readonly Dictionary<string, string[]> PolicyRoles = new(StringComparer.Ordinal)
    {
        [Policies.Staff] = [.. Roles.All],
        [Policies.FrontDesk] = [Roles.FrontDesk, Roles.Admin],
        [Policies.Clinician] = [Roles.Clinician, Roles.Admin],
        [Policies.CareTeam] = [Roles.FrontDesk, Roles.Clinician, Roles.Admin],
        [Policies.Ops] = [Roles.Ops, Roles.Admin],
        [Policies.Admin] = [Roles.Admin],
    };

    public static OpenApiOptions DescribeAccess(this OpenApiOptions options)
    {
        options.AddDocumentTransformer(
            (document, _, _) =>
            {
                var before = document.Info.Description;
                document.Info.Description = string.IsNullOrEmpty(before) ? Rule : $"{before}\n\n{Rule}";
                return Task.CompletedTask;
            }
        );
        options.AddOperationTransformer(
            (operation, context, _) =>
            {
                var line = $"Access: {Who(context.Description.ActionDescriptor.EndpointMetadata)}.";
                var before = operation.Description;
                operation.Description = string.IsNullOrEmpty(before) ? line : $"{before}\n\n{line}";
                return Task.CompletedTask;
            }
        );
        return options;
    }

    private static string Who(IList<object> metadata)
    {
        if (metadata.LastOrDefault(m => m is IAllowAnonymous or IAuthorizeData) is IAllowAnonymous)
        {
            return "public";
        }

        var roles = metadata
            .OfType<IAuthorizeData>()
            .Select(a => PolicyRoles.GetValueOrDefault(a.Policy ?? Policies.Staff, [.. Roles.All]))
            .Aggregate((IEnumerable<string>)Roles.All, (admitted, policy) => admitted.Intersect(policy))
            .ToList();
        return string.Join(", ", roles);
    }
}
