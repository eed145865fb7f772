using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Scheduling.Core.Audit;
using Scheduling.Core.Identity;
using Scheduling.Web.Api;
using Scheduling.Web.Auth;
using Scheduling.Web.Health;

namespace Scheduling.Web.Hosting;

public static class WebServiceExtensions
{
    public static IServiceCollection AddSchedulingWeb(this IServiceCollection services)
    {
        services.AddTransportSecurity();
        services.AddSchedulingAuthentication();
        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/", Policies.Staff);
            options.Conventions.AllowAnonymousToPage("/Account/Login");
            options.Conventions.AllowAnonymousToPage("/Status");
            options.Conventions.AllowAnonymousToFolder("/Surveys");
            options.Conventions.AllowAnonymousToFolder("/Visits");
            options.Conventions.AllowAnonymousToFolder("/Offers");
            options.Conventions.AuthorizeFolder("/Captured", Policies.Admin);
            options.Conventions.AuthorizeFolder("/Today", Policies.CareTeam);
            options.Conventions.AuthorizeFolder("/Patients", Policies.CareTeam);
            options.Conventions.AuthorizePage("/Patients/New", Policies.FrontDesk);
            options.Conventions.AuthorizePage("/Patients/Edit", Policies.FrontDesk);
            options.Conventions.AuthorizePage("/Patients/Book", Policies.FrontDesk);
            options.Conventions.AuthorizeFolder("/Sessions", Policies.FrontDesk);
            options.Conventions.AuthorizeFolder("/Worklists", Policies.CareTeam);
            options.Conventions.AuthorizeFolder("/Waitlist", Policies.CareTeam);
            options.Conventions.AuthorizeFolder("/Alerts", Policies.Clinician);
            options.Conventions.AuthorizeFolder("/Ops", Policies.Ops);
            options.Conventions.AuthorizeFolder("/Settings", Policies.Admin);
        });
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(CheckboxBinderProvider.Register);
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(options =>
            options.ModelBinderProviders.Insert(0, new Pages.Shared.LocalDateTimeBinderProvider())
        );
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        });
        services.AddHttpContextAccessor();
        services.AddScoped<IActor, HttpActor>();
        services.Replace(ServiceDescriptor.Scoped(HttpClinicScope.Create));
        services.AddScoped<Pages.Shared.AlertBanner>();
        services.AddScoped<Api.Contracts.Users.UserRequests>();
        services.AddScoped<Api.Contracts.Clinics.ClinicRequests>();
        services.AddScoped<Api.Contracts.Clinics.ClinicSettingsRequests>();
        services.AddScoped<Api.Contracts.Patients.PatientRequests>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddProblemDetails();
        services.AddOpenApi(options => InputRules.Describe(options).DescribeAccess());
        services.AddSchedulingHealthChecks();
        services.AddPublicRateLimits();
        services.AddForwardedHeadersFromConfiguration();
        return services;
    }
}
