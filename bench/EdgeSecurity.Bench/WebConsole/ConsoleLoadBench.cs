using System.Text.Json;
using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Bench.Soc;
using Microsoft.Playwright;

namespace EdgeSecurity.Bench.WebConsole;

/// <summary>
/// The console's first page at fleet scale (docs/performance.md "Console first page"): the SOC bench's seeded
/// host (10,000 devices, 1,000,000 events), the system Chromium driven by Playwright with the console tests'
/// launch options, and for each page a number of loads: sign in from a fresh browser context, then reload.
/// A page is usable when its data is in the document and the frame that draws it starts: an observer installed
/// before the console's own scripts records performance.now() then, so no polling delay of the driver counts.
/// Run: dotnet run -c Release --project bench/EdgeSecurity.Bench -- console --db sqlite
/// </summary>
internal static class ConsoleLoadBench
{
    private const int WarmUpLoads = 2;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args)
    {
        ConsoleBenchOptions options;
        try
        {
            options = ConsoleBenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        }).ConfigureAwait(false);

        var results = new List<ConsoleRunResult>();
        foreach (var provider in options.Databases)
        {
            await using var seeded = await SeededHost.StartAsync(provider, options.Devices, options.Events, Progress).ConfigureAwait(false);
            var loadBefore = IngestBench.LoadAverage();
            var pages = new List<ConsoleLoadResult>();
            foreach (var page in ConsolePage.All)
            {
                var result = await MeasureAsync(browser, seeded, page, options.Loads).ConfigureAwait(false);
                Progress($"[{provider}] {page.Name}: sign-in to usable p50 {result.SignInMedianMs:F0} ms, p95 {result.SignInP95Ms:F0} ms; reload p50 {result.ReloadMedianMs:F0} ms, p95 {result.ReloadP95Ms:F0} ms; load {IngestBench.LoadAverage():F1}");
                pages.Add(result);
            }

            results.Add(new ConsoleRunResult(provider, options.Devices, options.Events, seeded.Rows, seeded.SeedSeconds, pages, loadBefore, IngestBench.LoadAverage()));
        }

        Console.WriteLine(options.Json ? JsonSerializer.Serialize(results, JsonOptions) : Markdown(results));
        return 0;
    }

    private static async Task<ConsoleLoadResult> MeasureAsync(IBrowser browser, SeededHost seeded, ConsolePage page, int loads)
    {
        var signIn = new LatencyRecorder();
        var reload = new LatencyRecorder();
        for (var i = 0; i < WarmUpLoads + loads; i++)
        {
            var (signInMs, reloadMs) = await LoadOnceAsync(browser, seeded, page).ConfigureAwait(false);
            if (i >= WarmUpLoads)
            {
                signIn.Add(signInMs);
                reload.Add(reloadMs);
            }
        }

        return new ConsoleLoadResult(
            page.Name, loads,
            Math.Round(signIn.Percentile(0.50)), Math.Round(signIn.Percentile(0.95)), Math.Round(signIn.Percentile(1.0)),
            Math.Round(reload.Percentile(0.50)), Math.Round(reload.Percentile(0.95)), Math.Round(reload.Percentile(1.0)));
    }

    // A fresh context: empty cache and sessionStorage, as a new analyst's tab.
    private static async Task<(double SignInMs, double ReloadMs)> LoadOnceAsync(IBrowser browser, SeededHost seeded, ConsolePage page)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } }).ConfigureAwait(false);
        context.SetDefaultTimeout(60_000);
        await context.AddInitScriptAsync(ReadinessProbe(page)).ConfigureAwait(false);
        var tab = await context.NewPageAsync().ConfigureAwait(false);
        await tab.GotoAsync(new Uri(seeded.Host.BaseAddress, "/console/" + page.Hash).ToString()).ConfigureAwait(false);
        await tab.GetByLabel("API token").FillAsync(seeded.Token).ConfigureAwait(false);
        await tab.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync().ConfigureAwait(false);
        var afterSignIn = await ReadyAsync(tab, page).ConfigureAwait(false);
        await tab.ReloadAsync().ConfigureAwait(false);
        var afterReload = await ReadyAsync(tab, page).ConfigureAwait(false);
        return (afterSignIn.ReadyAt - (afterSignIn.SubmittedAt ?? throw new InvalidOperationException("The sign-in form was not submitted.")), afterReload.ReadyAt);
    }

    private static async Task<(double ReadyAt, double? SubmittedAt)> ReadyAsync(IPage tab, ConsolePage page)
    {
        try
        {
            await tab.WaitForFunctionAsync("() => window.__consoleBench && window.__consoleBench.readyAt !== undefined").ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            var error = await tab.Locator("#error, #sign-in-error").AllTextContentsAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{page.Name} was not usable within 60 s (errors shown: {string.Join(" ", error)}).", e);
        }

        var marks = await tab.EvaluateAsync<JsonElement>("() => window.__consoleBench").ConfigureAwait(false);
        return (marks.GetProperty("readyAt").GetDouble(), marks.TryGetProperty("submittedAt", out var submitted) ? submitted.GetDouble() : null);
    }

    // Runs before the console's scripts on every navigation: notes when the sign-in form is submitted and when
    // every ready selector matches, at the next animation frame (the frame that draws the data).
    private static string ReadinessProbe(ConsolePage page) => $$"""
        (() => {
          const selectors = {{JsonSerializer.Serialize(page.ReadySelectors)}};
          const marks = {};
          window.__consoleBench = marks;
          document.addEventListener('submit', () => { marks.submittedAt = performance.now(); }, true);
          let pending = false;
          new MutationObserver(() => {
            if (!pending && selectors.every((s) => document.querySelector(s))) {
              pending = true;
              requestAnimationFrame(() => { marks.readyAt = performance.now(); });
            }
          }).observe(document, { childList: true, subtree: true });
        })();
        """;

    private static void Progress(string line) => Console.Error.WriteLine(line);

    private static string Markdown(List<ConsoleRunResult> results)
    {
        var lines = new List<string>();
        foreach (var r in results)
        {
            lines.Add($"### {r.Database}: {r.Devices:N0} devices, {r.Events:N0} events, {r.Rows["alerts"]:N0} alerts (load {r.LoadAverage1MinBefore:F1} → {r.LoadAverage1MinAfter:F1})");
            lines.Add(string.Empty);
            lines.Add("| page | loads | sign-in → usable p50 ms | p95 ms | max ms | reload → usable p50 ms | p95 ms | max ms |");
            lines.Add("|---|---:|---:|---:|---:|---:|---:|---:|");
            lines.AddRange(r.Pages.Select(p => $"| {p.Page} | {p.Loads} | {p.SignInMedianMs:F0} | {p.SignInP95Ms:F0} | {p.SignInMaxMs:F0} | {p.ReloadMedianMs:F0} | {p.ReloadP95Ms:F0} | {p.ReloadMaxMs:F0} |"));
            lines.Add(string.Empty);
        }

        return string.Join(Environment.NewLine, lines);
    }
}
