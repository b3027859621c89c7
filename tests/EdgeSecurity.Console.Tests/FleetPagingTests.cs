using System.Globalization;
using EdgeSecurity.Console.Tests.Support;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EdgeSecurity.Console.Tests;

/// <summary>
/// The fleet overview at a size where the whole list would not do: its counts come from the host's summary,
/// and the device table is fetched a page at a time, never the whole fleet at once.
/// </summary>
public sealed partial class ConsoleTests
{
    [Fact]
    [Trait("Requirement", "SR-WEB-011")]
    public async Task The_fleet_page_shows_the_hosts_counts_and_pages_the_device_table_without_fetching_the_whole_fleet()
    {
        // 150 more enrolled devices, never seen, of a class no campaign targets; their ids sort after dev-1..5.
        var store = world.Host.Services.GetRequiredService<ITelemetryStore>();
        for (var i = 0; i < 150; i++)
        {
            var id = "zz-paging-" + i.ToString("D3", CultureInfo.InvariantCulture);
            if (await store.GetDeviceAsync(id, CancellationToken.None) is null)
            {
                await store.UpsertDeviceAsync(new DeviceRecord(id, DeviceStatus.Active, "esp32-paging", 1, null, null, null, null), CancellationToken.None);
            }
        }

        var page = await world.SignInAsync("viewer");
        var deviceRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/api/v1/devices")
            {
                deviceRequests.Add(request.Url);
            }
        };
        await page.GotoAsync(world.ConsoleUrl + "#/fleet");
        var rows = page.Locator("#device-table tbody tr[data-device-id]");
        await Expect(rows).ToHaveCountAsync(100);

        var summary = await world.GetJsonAsync("viewer", "/api/v1/fleet/summary");
        var total = summary.GetProperty("devices").GetInt32();
        Assert.Equal(ConsoleWorld.DeviceIds.Length + 150, total);
        foreach (var group in summary.GetProperty("byHealth").EnumerateArray())
        {
            // As the browser writes the number (its locale's digit grouping).
            var count = await page.EvaluateAsync<string>("n => n.toLocaleString()", group.GetProperty("devices").GetInt32());
            await Expect(page.Locator($"#fleet-health [data-health='{group.GetProperty("health").GetString()}'] .card-value")).ToHaveTextAsync(count);
        }

        await Expect(page.Locator("#device-count")).ToHaveTextAsync($"100 of {total} devices shown");
        await ConsoleWorld.ScreenshotAsync(page, "10-fleet-first-page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show 100 more devices" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(total);
        await Expect(page.Locator("#device-count")).ToHaveTextAsync($"{total} of {total} devices shown");
        await Expect(page.Locator("#more-devices")).ToBeHiddenAsync();

        // Every device once, in id order, and the second page asked for with the first one's cursor.
        var ids = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.deviceId)");
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(total, ids.Distinct().Count());
        Assert.Equal(2, deviceRequests.Count);
        Assert.All(deviceRequests, url => Assert.Contains("limit=100", url, StringComparison.Ordinal));
        Assert.Contains($"cursor={ids[99]}", deviceRequests[1], StringComparison.Ordinal);
        await page.CloseAsync();
    }
}
