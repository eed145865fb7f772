using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Scheduling.IntegrationTests.Infrastructure;

/// <summary>
/// What every browser test does on every page it visits: axe-core finds no serious or critical violation, and a
/// screenshot is kept.
/// </summary>
public static class PageChecks
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>artifacts/screenshots under the repository root (next to ops/test.sh's test-results).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    public static async Task CheckAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(
            new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true }
        );
        var results = await page.RunAxe();
        var blocking = results.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(
            blocking.Count == 0,
            $"axe-core on {name} ({page.Url}):\n"
                + string.Join(
                    '\n',
                    blocking.Select(v =>
                        $"  {v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}"
                    )
                )
        );
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Scheduling.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? AppContext.BaseDirectory;
    }
}
