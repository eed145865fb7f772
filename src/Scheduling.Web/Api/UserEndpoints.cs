using System.Security.Claims;
using Scheduling.Core.Identity;
using Scheduling.Web.Api.Contracts.Users;

namespace Scheduling.Web.Api;

/// <summary>Staff accounts (docs/api-contract.md, "Access"); the same use cases as `users add` and Settings.</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users
            .MapGet("/", async (UserRequests accounts, CancellationToken cancellationToken) =>
                TypedResults.Ok(await accounts.ListAsync(cancellationToken))
            )
            .WithSummary(
                "Every staff account: id, email, roles, clinicIds (empty: every clinic), disabled, lockedOut, "
                    + "twoFactorEnabled."
            );
        users
            .MapPost("/", async (NewUser? input, UserRequests accounts, CancellationToken cancellationToken) =>
                (await accounts.CreateAsync(input, cancellationToken)).Created(u => $"/api/users/{u.Id}")
            )
            .Produces<UserView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Add a staff account: email, password (at least 12 characters), roles, clinicIds.")
            .WithDescription(
                "400 with errors per field (email, password, roles, roles[i], clinicIds[i]: an unknown "
                    + "role or clinic); 409 when an account with that email exists."
            );
        users
            .MapPut(
                "/{id:guid}",
                async (
                    Guid id,
                    UserAccess? input,
                    ClaimsPrincipal user,
                    UserRequests accounts,
                    CancellationToken cancellationToken
                ) => (await accounts.ChangeAsync(id, input, ActorId(user), cancellationToken)).ToHttp()
            )
            .Produces<UserView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Replace an account's roles and clinicIds; they apply from the user's next request.")
            .WithDescription("409 when it would leave no enabled Admin.");
        users
            .MapPost(
                "/{id:guid}/disable",
                async (Guid id, ClaimsPrincipal user, UserRequests accounts, CancellationToken cancellationToken) =>
                    (await accounts.DisableAsync(id, ActorId(user), cancellationToken)).ToHttp()
            )
            .Produces<UserView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary(
                "Disable an account: it cannot sign in, and its cookies and tokens get 401 from their next "
                    + "request."
            )
            .WithDescription("409 for the caller's own account and for the last enabled Admin.");
        users
            .MapPost(
                "/{id:guid}/enable",
                async (Guid id, ClaimsPrincipal user, UserRequests accounts, CancellationToken cancellationToken) =>
                    (await accounts.EnableAsync(id, ActorId(user), cancellationToken)).ToHttp()
            )
            .Produces<UserView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Enable an account again (also ends a lockout after failed sign-ins); it signs in afresh.");
    }

    private static string ActorId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
