using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Scheduling.Web.Hosting;

/// <summary>
/// A browser sends the sign-in cookie with any request to the site, whichever page starts it, so a change to
/// the API made with that cookie must also prove it comes from one of our pages: the anti-forgery token of any
/// dashboard form, in the <see cref="HeaderName"/> header. Bearer tokens are never sent by a browser on its own
/// and need no such proof. Reads (GET, HEAD, OPTIONS) change nothing and are let through.
/// </summary>
public static class ApiAntiforgery
{
    public const string HeaderName = "RequestVerificationToken";

    /// <summary>After authorization: an anonymous or wrong-role caller gets its 401 or 403 first.</summary>
    public static WebApplication UseApiAntiforgery(this WebApplication app)
    {
        app.Use(
            async (context, next) =>
            {
                var request = context.Request;
                if (
                    request.IsApi()
                    && !IsRead(request.Method)
                    && context.User.Identity?.IsAuthenticated == true
                    && !IsBearer(request)
                    && !await CarriesTokenAsync(context)
                )
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                    await problems.WriteAsync(
                        new ProblemDetailsContext
                        {
                            HttpContext = context,
                            ProblemDetails = new ProblemDetails
                            {
                                Status = StatusCodes.Status403Forbidden,
                                Title = "A change made with the sign-in cookie needs the page's anti-forgery token.",
                                Detail =
                                    $"Send a dashboard form's token in the {HeaderName} header, or use a bearer token.",
                            },
                        }
                    );
                    return;
                }

                await next(context);
            }
        );
        return app;
    }

    /// <summary>Where the anti-forgery cookie must be Secure, plain http cannot carry it (the check throws).</summary>
    private static async Task<bool> CarriesTokenAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        return (context.Request.IsHttps || options.Cookie.SecurePolicy != CookieSecurePolicy.Always)
            && await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
    }

    private static bool IsRead(string method) =>
        HttpMethods.IsGet(method)
        || HttpMethods.IsHead(method)
        || HttpMethods.IsOptions(method)
        || HttpMethods.IsTrace(method);

    /// <summary>The authentication's own test: such a request was judged by its token alone.</summary>
    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
