using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scheduling.Core.Identity;
using Scheduling.Core.Persistence;
using Scheduling.IntegrationTests.Infrastructure;
using Scheduling.Web.Hosting;

namespace Scheduling.IntegrationTests.Access;

/// <summary>
/// With a certificate configured, the keys that sign cookies are stored encrypted to it, and a second web
/// process reading the same database (and holding the same certificate) accepts the first one's cookies.
/// Without one, the host warns, at start and on the Ops delivery page.
/// </summary>
public sealed class DataProtectionKeyTests(DataProtectionKeyTests.CertificateApp app, SchedulingApp plain)
    : IClassFixture<DataProtectionKeyTests.CertificateApp>,
        IClassFixture<SchedulingApp>
{
    private static HttpClient Client(WebApplicationFactory<Program> host) =>
        host.CreateClient(
            new()
            {
                AllowAutoRedirect = false,
                HandleCookies = false,
                BaseAddress = SchedulingApp.HttpsBase,
            }
        );

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookies)
    {
        using var request = CookieSignIn.Request(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task StoredKeys_AreEncryptedToTheCertificate()
    {
        using var client = Client(app);
        await CookieSignIn.SignInAsync(client, Roles.Admin);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulingDbContext>();
        var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.DoesNotContain("<masterKey", key.Xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedData", key.Xml, StringComparison.Ordinal);
            Assert.Contains("EncryptedXmlDecryptor", key.Xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ACookieFromOneHost_IsAcceptedByAnotherSharingTheDatabaseAndCertificate()
    {
        using var first = Client(app);
        var signedIn = await CookieSignIn.SignInAsync(first, Roles.Clinician);
        await using var second = new SecondHost(app);
        using var other = Client(second);

        var me = await GetAsync(other, "/api/auth/me", signedIn.Cookies);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadAsStringAsync();
        Assert.Contains(SchedulingApp.EmailFor(Roles.Clinician), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpsDeliveryPage_WarnsOfUnencryptedKeys_OnlyWhenNoCertificateIsConfigured()
    {
        using var encrypted = Client(app);
        using var unencrypted = Client(plain);

        var withCertificate = await GetAsync(
            encrypted,
            "/ops/delivery",
            (await CookieSignIn.SignInAsync(encrypted, Roles.Ops)).Cookies
        );
        var without = await GetAsync(
            unencrypted,
            "/ops/delivery",
            (await CookieSignIn.SignInAsync(unencrypted, Roles.Ops)).Cookies
        );

        var quiet = await withCertificate.Content.ReadAsStringAsync();
        Assert.DoesNotContain("unprotected-keys", quiet, StringComparison.Ordinal);
        Assert.Contains("unprotected-keys", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(app.Services.GetRequiredService<KeyProtection>().Encrypted);
        Assert.True(plain.Services.GetRequiredService<KeyProtection>().Warn);
    }

    [Fact]
    public void AConfiguredCertificateThatCannotBeUsed_FailsValidationWithTheReason()
    {
        var validation = new KeyCertificateValidation();

        var missing = validation.Validate(null, new KeyCertificateOptions { Path = "/nonexistent/keys.pfx" });
        var wrongPassword = validation.Validate(
            null,
            new KeyCertificateOptions { Path = app.CertificatePath, Password = "wrong" }
        );
        var passwordAlone = validation.Validate(null, new KeyCertificateOptions { Password = "secret" });

        Assert.Contains("no file at", missing.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("cannot be read", wrongPassword.FailureMessage, StringComparison.Ordinal);
        Assert.True(passwordAlone.Failed);
        var right = new KeyCertificateOptions { Path = app.CertificatePath, Password = CertificateApp.Password2 };
        Assert.True(validation.Validate(null, right).Succeeded);
    }

    /// <summary>The web host with a self-signed certificate of its own, made when the fixture starts.</summary>
    public sealed class CertificateApp : SchedulingApp
    {
        public const string Password2 = "pfx-password-1";

        private readonly string _folder = Directory.CreateTempSubdirectory("scheduling-dp-").FullName;

        public string CertificatePath => Path.Combine(_folder, "keys.pfx");

        public void Configure(IWebHostBuilder builder)
        {
            builder.UseSetting("DataProtection:Certificate:Path", CertificatePath);
            builder.UseSetting("DataProtection:Certificate:Password", Password2);
        }

        protected override Task StartDependenciesAsync()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(
                "CN=Scheduling data protection (test)",
                rsa,
                HashAlgorithmName.SHA256,
                RSASignaturePadding.Pkcs1
            );
            var today = DateTimeOffset.UtcNow;
            using var certificate = request.CreateSelfSigned(today.AddDays(-1), today.AddYears(1));
            File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pfx, Password2));
            return Task.CompletedTask;
        }

        protected override void ConfigureSettings(IWebHostBuilder builder) => Configure(builder);

        protected override ValueTask StopDependenciesAsync()
        {
            Directory.Delete(_folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A second web process on the first one's database and certificate, nothing else shared.</summary>
    private sealed class SecondHost(CertificateApp first) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Scheduling", first.Database.ConnectionString);
            builder.UseSetting("Worker:Enabled", "false");
            builder.UseSetting("Sms:Mode", "Capture");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            first.Configure(builder);
        }
    }
}
