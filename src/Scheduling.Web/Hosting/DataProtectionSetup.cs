using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Scheduling.Core;
using Scheduling.Core.Persistence;

namespace Scheduling.Web.Hosting;

/// <summary>
/// The keys that sign cookies and bearer tokens live in the database, so that every web process shares them.
/// With `DataProtection__Certificate__Path` (a PKCS#12 file with its private key) each key is stored encrypted
/// to that certificate, and a copy of the database alone cannot forge a sign-in. Without one they are stored
/// as they are: the host says so at start and on the Ops delivery page.
/// </summary>
public static class DataProtectionSetup
{
    /// <summary>
    /// Reads the certificate while registering, as the data-protection builder needs it; one that is configured
    /// but unusable registers nothing here, and <see cref="KeyCertificateValidation"/> stops the host with the reason.
    /// </summary>
    public static IServiceCollection AddSchedulingDataProtection(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        services.AddOptions<KeyCertificateOptions>().BindConfiguration(KeyCertificateOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyCertificateOptions>, KeyCertificateValidation>();
        var settings = configuration.GetSection(KeyCertificateOptions.Section).Get<KeyCertificateOptions>() ?? new();
        var certificate =
            KeyCertificateValidation.Check(settings).Succeeded && settings.Path is { Length: > 0 } path
                ? KeyCertificateValidation.Load(path, settings.Password)
                : null;
        services.AddSingleton(provider => new KeyProtection(
            certificate is not null,
            provider.GetRequiredService<IHostEnvironment>().IsLocal()
        ));
        var dataProtection = services
            .AddDataProtection()
            .SetApplicationName("Scheduling")
            .PersistKeysToDbContext<SchedulingDbContext>();
        if (certificate is not null)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        services.AddHostedService<KeyProtectionNotice>();
        return services;
    }
}

/// <summary>Section "DataProtection:Certificate"; the password comes from the environment, like every secret.</summary>
public sealed class KeyCertificateOptions
{
    public const string Section = "DataProtection:Certificate";

    public string? Path { get; set; }

    public string? Password { get; set; }
}

/// <summary>Whether the stored keys are encrypted; warned of outside local mode, whose keys guard demo data.</summary>
public sealed class KeyProtection(bool encrypted, bool local)
{
    public bool Encrypted => encrypted;

    public bool Warn => !encrypted && !local;
}

/// <summary>A certificate that is configured but cannot be used stops the host at start, with the reason.</summary>
internal sealed class KeyCertificateValidation : IValidateOptions<KeyCertificateOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyCertificateOptions options) => Check(options);

    /// <summary>Ephemeral: the private key is held in memory only, never written to a key store on disk.</summary>
    internal static X509Certificate2 Load(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);

    internal static ValidateOptionsResult Check(KeyCertificateOptions options)
    {
        if (string.IsNullOrEmpty(options.Path))
        {
            return string.IsNullOrEmpty(options.Password)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    "DataProtection:Certificate:Password is set without DataProtection:Certificate:Path."
                );
        }

        if (!File.Exists(options.Path))
        {
            return ValidateOptionsResult.Fail($"DataProtection:Certificate:Path: no file at {options.Path}.");
        }

        try
        {
            using var certificate = Load(options.Path, options.Password);
            using var privateKey = certificate.GetRSAPrivateKey();
            return privateKey is not null
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    "DataProtection:Certificate:Path must hold an RSA certificate with its private key (PKCS#12)."
                );
        }
        catch (CryptographicException e)
        {
            return ValidateOptionsResult.Fail(
                $"DataProtection:Certificate:Path cannot be read as PKCS#12 with the password given: {e.Message}"
            );
        }
    }
}

internal sealed partial class KeyProtectionNotice(KeyProtection keys, ILogger<KeyProtectionNotice> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.Warn)
        {
            LogUnprotected();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Data-protection keys are stored unencrypted in the database: "
            + "a copy of it is enough to forge a sign-in. Set DataProtection__Certificate__Path (a PKCS#12 file) and "
            + "DataProtection__Certificate__Password to encrypt them"
    )]
    private partial void LogUnprotected();
}
