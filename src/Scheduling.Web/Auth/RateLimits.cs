using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Scheduling.Core.Messaging.Sms;

namespace Scheduling.Web.Auth;

/// <summary>
/// Public endpoints (sign-in, survey pages, provider webhooks) are limited per client address, the address
/// the forwarded headers of a known proxy name (<see cref="Hosting.ForwardedHeadersSetup"/>). A Twilio webhook that
/// carries a valid signature is trusted by it instead: Twilio posts from many addresses, at the pace we send,
/// so signed requests share one generous partition of their own rather than the survey pages' limit.
/// </summary>
public static class RateLimits
{
    public const string Public = "public";

    private const string SignedWebhooksPartition = "signed twilio webhooks";

    /// <summary>A Twilio webhook is a few hundred bytes; a bigger body is not read before the limit applies.</summary>
    private const long LargestWebhookBody = 64 * 1024;

    private static readonly object SignedMark = new();

    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services)
    {
        services
            .AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(AuthEndpoints.LoginRateLimit, context =>
                PerClient(context, limits => limits.SignInsPerMinute)
            );
            options.AddPolicy(Public, context =>
                context.Items.ContainsKey(SignedMark)
                    ? SignedWebhooks(context)
                    : PerClient(context, limits => limits.PublicRequestsPerMinute)
            );
        });
    }

    /// <summary>The rate limiter, after the check that takes signed webhooks out of the per-address limit.</summary>
    public static IApplicationBuilder UsePublicRateLimits(this IApplicationBuilder app)
    {
        app.Use(
            async (context, next) =>
            {
                if (await IsSignedWebhookAsync(context))
                {
                    context.Items[SignedMark] = true;
                }

                await next(context);
            }
        );
        return app.UseRateLimiter();
    }

    /// <summary>
    /// Reads the form (cached for the endpoint, which checks the signature again) only of a small POST to
    /// /webhooks/twilio that claims a signature; anything else is judged by its address.
    /// </summary>
    private static async Task<bool> IsSignedWebhookAsync(HttpContext context)
    {
        var request = context.Request;
        if (
            !HttpMethods.IsPost(request.Method)
            || !request.Path.StartsWithSegments("/webhooks/twilio")
            || !request.Headers.ContainsKey(TwilioSignature.Header)
            || !request.HasFormContentType
            || request.ContentLength is not (>= 0 and <= LargestWebhookBody)
        )
        {
            return false;
        }

        try
        {
            var signature = context.RequestServices.GetRequiredService<TwilioSignature>();
            return await signature.IsValidAsync(request, context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            // Not a form we can read: unsigned, so the address's limit applies and the endpoint answers it.
            return false;
        }
    }

    private static RateLimitPartition<string> SignedWebhooks(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(SignedWebhooksPartition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.SignedWebhooksPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, Func<RateLimitOptions, int> permits)
    {
        var limit = permits(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }
        );
    }
}

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, 100_000)]
    public int SignInsPerMinute { get; set; } = 20;

    [Range(1, 100_000)]
    public int PublicRequestsPerMinute { get; set; } = 120;

    /// <summary>All validly signed Twilio webhooks together, from any address: a ceiling, not a throttle.</summary>
    [Range(1, 10_000_000)]
    public int SignedWebhooksPerMinute { get; set; } = 60_000;
}
