using System.Text.RegularExpressions;
using Scheduling.Core.Commands;
using Scheduling.Core.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Scheduling.Tests.Operations;

/// <summary>
/// There is no Docker engine on our machines, so docker-compose.yml is checked by reading it: its
/// services, build contexts, Dockerfiles, ports, variables and health checks must agree with the project.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static readonly YamlMappingNode Compose = Load();
    private static readonly string[] AppServices = ["migrate", "web", "worker"];

    private static YamlMappingNode Services => (YamlMappingNode)Compose["services"];

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    [Fact]
    public void Services_AreTheOnesTheProductDescribes()
    {
        Assert.Equal(
            ["mailcatcher", "migrate", "postgres", "web", "worker"],
            Services.Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal)
        );
    }

    [Theory]
    [InlineData("migrate", "ops/Dockerfile.web", "Scheduling.Web")]
    [InlineData("web", "ops/Dockerfile.web", "Scheduling.Web")]
    [InlineData("worker", "ops/Dockerfile.worker", "Scheduling.Worker")]
    public void Build_UsesADockerfileThatPublishesAndRunsTheRightHost(string service, string dockerfile, string project)
    {
        var build = (YamlMappingNode)Service(service)["build"];
        Assert.Equal(".", build["context"].ToString());
        Assert.Equal(dockerfile, build["dockerfile"].ToString());
        var text = System.IO.File.ReadAllText(RepositoryRoot.File(dockerfile));
        Assert.True(System.IO.File.Exists(RepositoryRoot.File("src", project, $"{project}.csproj")));
        Assert.Contains($"dotnet publish src/{project}/{project}.csproj", text, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]", text, StringComparison.Ordinal);
        Assert.Contains("Directory.Packages.props", text, StringComparison.Ordinal);
        Assert.Contains("USER app", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("web")]
    [InlineData("worker")]
    public void Environment_UsesOnlyContractConfigurationKeys(string service)
    {
        var keys = Environment(service).Keys;

        Assert.Empty(keys.Except(ConfigurationKeys.All.Concat(ConfigurationKeys.Platform), StringComparer.Ordinal));
        Assert.Contains("ConnectionStrings__Scheduling", keys);
        Assert.Contains("Email__Smtp__Host", keys);
    }

    [Fact]
    public void ConnectionString_PointsAtThePostgresServiceWithItsDatabaseAndUser()
    {
        var postgres = (YamlMappingNode)Service("postgres")["environment"];
        var connection = Environment("web")["ConnectionStrings__Scheduling"];

        Assert.Equal("postgres:15", Service("postgres")["image"].ToString());
        Assert.Contains("Host=postgres;", connection, StringComparison.Ordinal);
        Assert.Contains($"Database={postgres["POSTGRES_DB"]};", connection, StringComparison.Ordinal);
        Assert.Contains($"Username={postgres["POSTGRES_USER"]};", connection, StringComparison.Ordinal);
        Assert.Contains("pg_isready", Service("postgres")["healthcheck"]["test"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Mail_GoesToTheMailCatcherOnItsSmtpPort()
    {
        var catcher = (YamlMappingNode)Service("mailcatcher")["environment"];

        Assert.Equal("mailcatcher", Environment("worker")["Email__Smtp__Host"]);
        Assert.Equal(catcher["ServerOptions__Port"].ToString(), Environment("worker")["Email__Smtp__Port"]);
    }

    [Fact]
    public void Web_PublishesThePortItListensOn_AndChecksReadiness()
    {
        var listenPort = UrlPort().Match(Environment("web")["ASPNETCORE_URLS"]).Groups["port"].Value;
        var published = ((YamlSequenceNode)Service("web")["ports"]).Children.Select(p =>
            p.ToString().Split(':').Last()
        );
        var healthcheck = string.Join(' ', ((YamlSequenceNode)Service("web")["healthcheck"]["test"]).Children);

        Assert.Contains(listenPort, published);
        Assert.Contains("/health/ready", healthcheck, StringComparison.Ordinal);
        Assert.Contains($"/dev/tcp/127.0.0.1/{listenPort}", healthcheck, StringComparison.Ordinal);
        Assert.Equal("false", Environment("web")["Worker__Enabled"]);
    }

    [Fact]
    public void Worker_HasNoPortsOrName_SoItCanBeScaled()
    {
        Assert.False(Service("worker").Children.ContainsKey("ports"));
        Assert.False(Service("worker").Children.ContainsKey("container_name"));
    }

    [Fact]
    public void Migrate_RunsTheMigrateCommandOnce_AndTheHostsWaitForIt()
    {
        var command = ((YamlSequenceNode)Service("migrate")["command"]).Children.Select(c => c.ToString()).ToArray();

        Assert.True(SchedulingCommands.IsCommand(command));
        Assert.Equal(["migrate"], command);
        Assert.Equal("service_healthy", Service("migrate")["depends_on"]["postgres"]["condition"].ToString());
        foreach (var host in new[] { "web", "worker" })
        {
            Assert.Equal(
                "service_completed_successfully",
                Service(host)["depends_on"]["migrate"]["condition"].ToString()
            );
        }
    }

    [Fact]
    public void Postgres_KeepsItsDataInADeclaredNamedVolume()
    {
        var mount = ((YamlSequenceNode)Service("postgres")["volumes"]).Children.Single().ToString();
        var volume = mount.Split(':')[0];

        Assert.EndsWith(":/var/lib/postgresql/data", mount, StringComparison.Ordinal);
        Assert.True(((YamlMappingNode)Compose["volumes"]).Children.ContainsKey(volume));
    }

    [Fact]
    public void EveryAppService_IsBuiltFromTheRepository()
    {
        Assert.All(AppServices, name => Assert.True(Service(name).Children.ContainsKey("build")));
    }

    private static Dictionary<string, string> Environment(string service) =>
        ((YamlMappingNode)Service(service)["environment"]).Children.ToDictionary(
            e => e.Key.ToString(),
            e => e.Value.ToString(),
            StringComparer.Ordinal
        );

    /// <summary>Reads the file with YAML merge keys (the app-environment anchor) resolved, as Compose does.</summary>
    private static YamlMappingNode Load()
    {
        using var reader = new StreamReader(RepositoryRoot.File("docker-compose.yml"));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@":(?<port>\d+)$")]
    private static partial Regex UrlPort();
}
