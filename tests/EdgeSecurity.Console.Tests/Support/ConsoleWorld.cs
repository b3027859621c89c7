using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Fleet;
using EdgeSecurity.Simulator.Release;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace EdgeSecurity.Console.Tests.Support;

/// <summary>
/// One world for the whole test class (starting it is what costs): a real fleet PKI and release, the real host
/// in-process with its embedded mosquitto (mutual TLS), five simulated devices running the real firmware core,
/// API tokens of each role, and the system Chromium driven by Playwright with a fresh profile.
/// </summary>
public sealed class ConsoleWorld : IAsyncLifetime
{
    public const string HardwareClass = "esp32-console";
    public static readonly string[] DeviceIds = ["dev-1", "dev-2", "dev-3", "dev-4", "dev-5"];

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private IPlaywright? _playwright;

    public string Root { get; } = Directory.CreateTempSubdirectory("es-console-").FullName;

    public SimulatorRelease Release { get; } = SimulatorRelease.Create(HardwareClass, updates: 1);

    public RunningHost Host { get; private set; } = null!;

    public SimulatedFleet Devices { get; private set; } = null!;

    public IBrowserContext Browser { get; private set; } = null!;

    /// <summary>Where the console is served.</summary>
    public Uri ConsoleUrl => new(Host.BaseAddress, "/console/");

    /// <summary>The token of the holder named after its role ("viewer", "analyst", "operator", "admin").</summary>
    public string Token(string role) => _tokens[role];

    public async Task InitializeAsync()
    {
        var (trustRoot, _) = Release.WriteTo(Path.Combine(Root, "release"));
        var pki = Path.Combine(Root, "pki");
        FleetPki.Initialize(new PkiInitOptions { Directory = pki });
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = pki,
            DeviceIds = DeviceIds,
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = trustRoot,
            HardwareClass = HardwareClass,
            OutputDirectory = Path.Combine(Root, "packages"),
            HeartbeatIntervalSeconds = 1,
        });

        var options = new EdgeSecurityHostOptions
        {
            DataDirectory = Path.Combine(Root, "host"),
            PkiDirectory = pki,
            RegistryPollInterval = TimeSpan.FromMilliseconds(200),
        };
        options.Urls.Add("http://127.0.0.1:0");
        options.Ota.TrustRootFile = trustRoot;
        options.Ota.OfferInterval = TimeSpan.FromMilliseconds(500);
        // The wrong-token test refuses on purpose; the rate limit is tested by the host's own tests.
        options.Api.FailedAuthenticationLimit = 10_000;
        foreach (var role in new[] { "viewer", "analyst", "operator", "admin" })
        {
            var token = "est_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            _tokens[role] = token;
            options.Api.Tokens.Add(new ApiTokenOptions { Name = role, Role = role, Sha256 = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))) });
        }

        Host = await EdgeSecurityHost.StartAsync(options, CancellationToken.None, b => b.Logging.ClearProviders());
        Devices = SimulatedFleet.Start(new FleetOptions
        {
            PackagesDirectory = Path.Combine(Root, "packages"),
            FlashDirectory = Path.Combine(Root, "flash"),
            Devices = DeviceIds.Length,
            Bundle = Release.Bundle,
            BrokerAddress = "127.0.0.1",
            BrokerPort = Host.BrokerPort,
            Device = new DeviceSettings { HeartbeatInterval = TimeSpan.FromSeconds(1) },
            StepInterval = TimeSpan.FromMilliseconds(20),
        });
        Assert.True(await Devices.WaitUntilConnectedAsync(TimeSpan.FromSeconds(60)), "the simulated devices did not connect");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(Root, "chromium-profile"), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        Browser.SetDefaultTimeout(30_000);
    }

    /// <summary>An API client holding the token of <paramref name="role"/>.</summary>
    public HttpClient Api(string role)
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role));
        return client;
    }

    public async Task<JsonElement> GetJsonAsync(string role, string path)
    {
        using var client = Api(role);
        return await client.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));
    }

    /// <summary>Waits (20 s at most) for an alert of <paramref name="rule"/> on <paramref name="deviceId"/>; returns it.</summary>
    public async Task<JsonElement> WaitForAlertAsync(string deviceId, string rule)
    {
        for (var i = 0; i < 200; i++)
        {
            var page = await GetJsonAsync("viewer", $"/api/v1/alerts?device={deviceId}&rule={rule}");
            if (page.GetProperty("items").GetArrayLength() > 0)
            {
                return page.GetProperty("items")[0];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No '{rule}' alert for {deviceId} within 20 s.");
    }

    /// <summary>A new tab (its own sessionStorage: not signed in) on the console.</summary>
    public async Task<IPage> OpenConsoleAsync()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(ConsoleUrl.ToString());
        return page;
    }

    /// <summary>A new tab signed in with the token of <paramref name="role"/>.</summary>
    public async Task<IPage> SignInAsync(string role)
    {
        var page = await OpenConsoleAsync();
        await page.GetByLabel("API token").FillAsync(Token(role));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync($"{role} · {role}");
        return page;
    }

    /// <summary>Saves a full-page screenshot as artifacts/console/NAME.png under the repository root.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "console");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EdgeSecurity.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("EdgeSecurity.sln not found above the test's output directory.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Devices is not null)
        {
            await Devices.DisposeAsync();
        }

        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }
}
