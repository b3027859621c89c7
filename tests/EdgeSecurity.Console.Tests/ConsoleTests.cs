using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EdgeSecurity.Console.Tests.Support;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Simulator.Faults;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EdgeSecurity.Console.Tests;

/// <summary>
/// The SOC console in Chromium against the real host, broker and simulated devices: what an analyst does
/// (sign in, see the alert a device raised, acknowledge it, read the device's timeline, follow a campaign)
/// and what an attacker would try (a wrong token, a viewer's token for triage, markup in event fields).
/// </summary>
public sealed partial class ConsoleTests(ConsoleWorld world) : IClassFixture<ConsoleWorld>
{
    // An event field a device controls: were it inserted as markup, the image error would run the script.
    private const string Markup = "<img src=x onerror=\"window.__xss=1\">";

    [Fact]
    [Trait("Requirement", "SR-WEB-003")]
    [Trait("Requirement", "SR-WEB-008")]
    public async Task Analyst_sees_the_integrity_alert_acknowledges_it_and_reads_the_device_timeline()
    {
        world.Devices.Inject("dev-2", "integrity", DeviceFaults.IntegrityViolation());
        var alert = await world.WaitForAlertAsync("dev-2", "integrity-violation");
        var id = alert.GetProperty("id").GetInt64();

        var page = await world.SignInAsync("analyst");
        await page.GotoAsync(world.ConsoleUrl + "#/alerts");
        var row = page.Locator($"#alert-table tr[data-alert-id='{id}']");
        await Expect(row).ToContainTextAsync("dev-2");
        await Expect(row).ToContainTextAsync("critical");
        await Expect(row).ToContainTextAsync("new");
        await ConsoleWorld.ScreenshotAsync(page, "01-alert-queue");

        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByLabel("Note (kept in the audit log with a status change, or on its own)").FillAsync("looking at the flash dump");
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(page.Locator("#triage-result")).ToHaveTextAsync("Marked acknowledged.");
        await Expect(page.Locator("#audit-table")).ToContainTextAsync("new → acknowledged");
        await ConsoleWorld.ScreenshotAsync(page, "02-alert-acknowledged");

        // The API's audit log has the console's action under the analyst token's name, with the note.
        var audit = await world.GetJsonAsync("viewer", $"/api/v1/alerts/{id}/audit");
        var entry = audit.EnumerateArray().Last();
        Assert.Equal("analyst", entry.GetProperty("actor").GetString());
        Assert.Equal("status", entry.GetProperty("action").GetString());
        Assert.Equal("new", entry.GetProperty("from").GetString());
        Assert.Equal("acknowledged", entry.GetProperty("to").GetString());
        Assert.Equal("looking at the flash dump", entry.GetProperty("note").GetString());
        var now = await world.GetJsonAsync("viewer", $"/api/v1/alerts/{id}");
        Assert.Equal("acknowledged", now.GetProperty("alert").GetProperty("status").GetString());

        // The device's timeline: the integrity check with its fields by name, the boot, the chain status.
        await page.GetByRole(AriaRole.Link, new() { Name = "dev-2" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Device dev-2" })).ToBeVisibleAsync();
        var integrity = page.Locator("li.event", new() { Has = page.Locator(".event-type", new() { HasText = "integrity-check" }) }).First;
        await Expect(integrity).ToContainTextAsync("reason");
        await Expect(integrity).ToContainTextAsync("subject");
        await Expect(integrity).ToContainTextAsync("mismatches");
        await Expect(page.Locator("#chain-status")).ToContainTextAsync("chain intact");
        await page.GetByRole(AriaRole.Button, new() { Name = "Boots" }).ClickAsync();
        await Expect(page.Locator("li.event .event-type").First).ToHaveTextAsync("boot-verification");
        await Expect(page.Locator("li.event .event-type", new() { HasText = "integrity-check" })).ToHaveCountAsync(0);
        await ConsoleWorld.ScreenshotAsync(page, "03-device-timeline");
        await page.CloseAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-001")]
    [Trait("Requirement", "SR-WEB-002")]
    public async Task A_wrong_token_is_refused_and_the_token_never_leaves_the_tab_except_as_the_bearer_header()
    {
        var page = await world.OpenConsoleAsync();
        var urls = new List<string>();
        var bearer = new List<string>();
        page.Request += (_, request) =>
        {
            urls.Add(request.Url);
            if (request.Headers.TryGetValue("authorization", out var value))
            {
                bearer.Add(value);
            }
        };

        const string wrong = "est_not-a-token-this-host-issued-0000000000000";
        await page.GetByLabel("API token").FillAsync(wrong);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("This token was refused");
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('edgesec.token')"));
        await ConsoleWorld.ScreenshotAsync(page, "00-wrong-token");

        var token = world.Token("viewer");
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync("viewer · viewer");
        await page.GotoAsync(world.ConsoleUrl + "#/fleet");
        await Expect(page.Locator("#device-table")).ToContainTextAsync("dev-1");
        await ConsoleWorld.ScreenshotAsync(page, "04-fleet");

        Assert.Contains("Bearer " + token, bearer);
        Assert.DoesNotContain(urls, u => u.Contains(token, StringComparison.Ordinal) || u.Contains(wrong, StringComparison.Ordinal));
        Assert.False(await page.EvaluateAsync<bool>("t => document.cookie.includes(t) || localStorage.length > 0", token));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("API token")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('edgesec.token')"));
        await Expect(page.Locator("#device-table")).ToHaveCountAsync(0);
        await page.CloseAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-004")]
    public async Task A_viewer_is_offered_no_triage_and_the_api_refuses_it_anyway()
    {
        world.Devices.Inject("dev-5", "integrity", DeviceFaults.IntegrityViolation());
        var id = (await world.WaitForAlertAsync("dev-5", "integrity-violation")).GetProperty("id").GetInt64();

        var page = await world.SignInAsync("viewer");
        await page.GotoAsync(world.ConsoleUrl + $"#/alerts/{id}");
        await Expect(page.Locator("#triage-denied")).ToContainTextAsync("viewer");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToHaveCountAsync(0);
        await ConsoleWorld.ScreenshotAsync(page, "05-viewer-alert");

        // What a viewer could still send by hand, with the console's own token from its tab: 403, nothing recorded.
        var status = await page.EvaluateAsync<int>(
            @"async id => (await fetch(`/api/v1/alerts/${id}/status`, { method: 'POST', headers: { Authorization: `Bearer ${sessionStorage.getItem('edgesec.token')}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'acknowledged' }) })).status",
            id);
        Assert.Equal((int)HttpStatusCode.Forbidden, status);
        var alert = await world.GetJsonAsync("viewer", $"/api/v1/alerts/{id}");
        Assert.Equal("new", alert.GetProperty("alert").GetProperty("status").GetString());
        Assert.Equal(0, alert.GetProperty("audit").EnumerateArray().Count(e => e.GetProperty("actor").GetString() == "viewer"));
        await page.CloseAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-005")]
    public async Task Markup_in_device_event_fields_is_shown_as_text_and_never_runs()
    {
        world.Devices.Inject("dev-3", "markup", d => d.RecordEvent(SecurityEvents.IntegrityCheck(1, Markup, Markup, 1)));
        var id = (await world.WaitForAlertAsync("dev-3", "integrity-violation")).GetProperty("id").GetInt64();

        var page = await world.SignInAsync("analyst");
        await page.GotoAsync(world.ConsoleUrl + "#/devices/dev-3");
        var fields = page.Locator("li.event dl.fields", new() { HasText = Markup });
        await Expect(fields.First).ToBeVisibleAsync();
        await ConsoleWorld.ScreenshotAsync(page, "06-markup-as-text");
        await page.GotoAsync(world.ConsoleUrl + $"#/alerts/{id}");
        await Expect(page.GetByLabel("Alert detail")).ToContainTextAsync(Markup);
        await page.GotoAsync(world.ConsoleUrl + "#/alerts");
        await Expect(page.Locator($"#alert-table tr[data-alert-id='{id}']")).ToBeVisibleAsync();

        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => window.__xss === 1"));
        await page.CloseAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-006")]
    public async Task Console_files_carry_a_strict_content_security_policy_and_hold_no_inline_script()
    {
        using var http = new HttpClient { BaseAddress = world.Host.BaseAddress };
        using var redirect = await http.GetAsync(new Uri("/console", UriKind.Relative));
        Assert.EndsWith("/console/", redirect.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);

        foreach (var file in new[] { "/console/", "/console/app.js", "/console/console.css" })
        {
            using var response = await http.GetAsync(new Uri(file, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", string.Join("", response.Headers.GetValues("Referrer-Policy")));
        }

        // The page itself: every script has a src, no element has an inline handler or style.
        var html = await http.GetStringAsync(new Uri("/console/", UriKind.Relative));
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineHandlerOrStyle(), html);

        // Chromium enforces it: an inline script injected into the page does not run.
        var page = await world.OpenConsoleAsync();
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s); }");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__inline === 1"));
        await page.CloseAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-007")]
    public async Task A_new_alert_appears_in_the_open_queue_without_a_reload()
    {
        var page = await world.SignInAsync("analyst");
        await page.GotoAsync(world.ConsoleUrl + "#/alerts");
        await Expect(page.Locator("#alert-table")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var before = await page.Locator("#alert-table tr[data-alert-id]", new() { HasText = "dev-4" }).CountAsync();
        Assert.Equal(0, before);

        world.Devices.Inject("dev-4", "integrity", DeviceFaults.IntegrityViolation());
        var id = (await world.WaitForAlertAsync("dev-4", "integrity-violation")).GetProperty("id").GetInt64();

        var row = page.Locator($"#alert-table tr[data-alert-id='{id}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(row).ToHaveClassAsync("fresh");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await ConsoleWorld.ScreenshotAsync(page, "07-live-alert");
        await page.CloseAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-008")]
    public async Task An_operator_follows_a_campaign_to_full_adoption_and_the_device_timeline_shows_its_ota_stages()
    {
        using var operatorApi = world.Api("operator");
        using var bundle = new ByteArrayContent(world.Release.Updates[0]);
        bundle.Headers.ContentType = new("application/octet-stream");
        using var upload = await operatorApi.PostAsync(new Uri("/api/v1/ota/bundles", UriKind.Relative), bundle);
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        var bundleId = (await upload.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        using var create = await operatorApi.PostAsJsonAsync(new Uri("/api/v1/ota/campaigns", UriKind.Relative), new { bundleId, deviceIds = new[] { "dev-1" }, waves = new[] { "100%" } });
        Assert.True(create.StatusCode == HttpStatusCode.Created, await create.Content.ReadAsStringAsync());
        var campaign = (await create.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();

        var page = await world.SignInAsync("operator");
        await page.GotoAsync(world.ConsoleUrl + "#/campaigns");
        await page.Locator($"#campaign-table tr[data-campaign-id='{campaign}'] a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Campaign #{campaign}" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();

        // Follow it: reload the page's data (key r) until the device confirmed the new bundle.
        var state = page.Locator("#campaign-devices tr[data-device-id='dev-1'] .badge");
        for (var i = 0; i < 60 && await state.TextContentAsync() != "confirmed"; i++)
        {
            await Task.Delay(1000);
            await page.Keyboard.PressAsync("r");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Campaign #{campaign}" })).ToBeVisibleAsync();
        }

        await Expect(state).ToHaveTextAsync("confirmed");
        await Expect(page.Locator("#wave-table tr[data-wave='1']")).ToContainTextAsync("100 % (1/1)");
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = OneOfOneConfirmed() })).ToBeVisibleAsync();
        await Expect(page.Locator(".page-head .badge")).ToHaveTextAsync("completed");
        await ConsoleWorld.ScreenshotAsync(page, "08-campaign");

        // The device's timeline shows the OTA stages it went through.
        await page.Locator("#campaign-devices a", new() { HasText = "dev-1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "OTA stages" }).ClickAsync();
        await Expect(page.Locator("li.event .event-type", new() { HasText = "ota-confirmed" })).ToHaveCountAsync(1);
        await ConsoleWorld.ScreenshotAsync(page, "09-device-ota-stages");
        await page.CloseAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-009")]
    public async Task The_programme_page_renders_the_metrics_or_says_they_are_not_available()
    {
        using var viewer = world.Api("viewer");
        using var response = await viewer.GetAsync(new Uri("/api/v1/metrics/programme", UriKind.Relative));
        var page = await world.SignInAsync("viewer");
        await page.GotoAsync(world.ConsoleUrl + "#/metrics");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await Expect(page.Locator("#metrics-unavailable")).ToContainTextAsync("not available");
            await Expect(page.Locator("#metrics")).ToHaveCountAsync(0);
        }
        else
        {
            var metrics = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var devices = metrics.GetProperty("fleet").GetProperty("devices").GetInt32();
            await Expect(page.Locator("#metrics .card", new() { HasText = "devices" }).First).ToContainTextAsync(devices.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await ConsoleWorld.ScreenshotAsync(page, "10-programme");
        await page.CloseAsync();
    }

    [GeneratedRegex("1 of 1 devices confirmed")]
    private static partial Regex OneOfOneConfirmed();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[^>]+\s(on[a-z]+|style)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandlerOrStyle();
}
