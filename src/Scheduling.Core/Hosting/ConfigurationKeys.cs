namespace Scheduling.Core.Hosting;

/// <summary>
/// The configuration keys of the public contract (docs/api-contract.md, "Configuration"), as environment variables.
/// The README's table, docker-compose.yml and the scripts are checked against this list.
/// </summary>
public static class ConfigurationKeys
{
    public static IReadOnlyList<string> All { get; } =
    [
        "ConnectionStrings__Scheduling",
        "Email__Smtp__Host",
        "Email__Smtp__Port",
        "Email__Smtp__User",
        "Email__Smtp__Password",
        "Email__Smtp__UseTls",
        "Email__From",
        "Sms__Twilio__AccountSid",
        "Sms__Twilio__AuthToken",
        "Sms__Twilio__From",
        "Sms__Twilio__MessagingServiceSid",
        "Sms__Twilio__ApiBaseUrl",
        "Sms__Mode",
        "PublicBaseUrl",
        "RateLimits__SignedWebhooksPerMinute",
        "ForwardedHeaders__KnownProxies__0",
        "ForwardedHeaders__KnownNetworks__0",
        "Worker__Enabled",
        "Alerts__RepageAfter",
        "Metrics__AllowFrom__0",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "Waitlist__OfferBatch",
        "Waitlist__OfferTtl",
    ];

    /// <summary>The hosting platform's own variables, which any .NET host honours.</summary>
    public static IReadOnlyList<string> Platform { get; } =
    ["DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_URLS"];
}
