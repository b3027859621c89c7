using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>The read API of a running host: token authentication, roles, pagination, ProblemDetails.</summary>
[Collection(HostTestCollection.Name)]
public sealed class ApiTests(TestFleet fleet) : IAsyncLifetime
{
    private readonly string _viewerToken = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    private readonly string _analystToken = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    private RunningHost _host = null!;
    private HttpClient _http = null!;

    private ITelemetryStore Store => _host.Services.GetRequiredService<ITelemetryStore>();

    public async Task InitializeAsync()
    {
        var options = HostFactory.Options(fleet);
        options.Api.Tokens.Add(new ApiTokenOptions { Name = "dashboard", Role = "viewer", Sha256 = ApiTokenAuthenticator.HashToken(_viewerToken) });
        options.Api.Tokens.Add(new ApiTokenOptions { Name = "soc", Role = "analyst", Sha256 = ApiTokenAuthenticator.HashToken(_analystToken) });
        _host = await HostFactory.StartAsync(options);
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    [Trait("Requirement", "SR-API-001")]
    public async Task Requests_without_a_valid_token_get_401_with_a_problem_description()
    {
        using var none = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/devices", null));
        using var wrong = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/devices", "not-a-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Authorization: Bearer", (await ProblemAsync(none)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Invalid API token", (await ProblemAsync(wrong)).GetProperty("title").GetString());
    }

    [Fact]
    [Trait("Requirement", "SR-API-002")]
    public async Task A_viewer_reads_but_only_an_analyst_changes_alert_status()
    {
        var id = await Store.InsertAlertAsync(new AlertRecord("replay", "dev-a", 3, "t", "d", AlertStatus.New, 1, 1, [1]), CancellationToken.None);

        using var list = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/devices", _viewerToken));
        using var denied = await _http.SendAsync(Request(HttpMethod.Post, $"/api/v1/alerts/{id}/status", _viewerToken, new { status = "acknowledged" }));
        using var allowed = await _http.SendAsync(Request(HttpMethod.Post, $"/api/v1/alerts/{id}/status", _analystToken, new { status = "acknowledged" }));
        using var invalid = await _http.SendAsync(Request(HttpMethod.Post, $"/api/v1/alerts/{id}/status", _analystToken, new { status = "solved" }));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("dev-a", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("analyst", (await ProblemAsync(denied)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var alert = (await Store.QueryAlertsAsync(new AlertQuery(), CancellationToken.None)).Items.Single(a => a.Id == id);
        Assert.Equal(AlertStatus.Acknowledged, alert.Status);
    }

    [Fact]
    [Trait("Requirement", "SR-API-003")]
    public async Task Events_are_paged_with_cursors_and_a_bad_cursor_is_a_400()
    {
        var events = Enumerable.Range(1, 5)
            .Select(i => new SecurityEventRecord("dev-b", i, 1, i, true, i, 0x0503, "heartbeat", 0, "{}", [(byte)i], new byte[32], 1000 + i))
            .ToList();
        await Store.CommitAsync(new IngestBatch(events, []), CancellationToken.None);

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var path = "/api/v1/events?device=dev-b&type=heartbeat&limit=2" + (cursor is null ? "" : "&cursor=" + cursor);
            using var response = await _http.SendAsync(Request(HttpMethod.Get, path, _viewerToken));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal([5L, 4L, 3L, 2L, 1L], seen);
        using var bad = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/events?cursor=abc", _viewerToken));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("cursor", (await ProblemAsync(bad)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_device_list_is_a_page_of_at_most_100_devices_by_default_and_following_cursors_reads_the_fleet_once()
    {
        var ids = Enumerable.Range(0, 102).Select(i => $"dev-p{i:D3}").ToList();
        foreach (var id in ids)
        {
            await Store.UpsertDeviceAsync(new DeviceRecord(id, DeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
        }

        using var first = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/devices", _viewerToken));
        var firstPage = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.String, firstPage.GetProperty("nextCursor").ValueKind);

        var walked = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/devices?limit=7" + (cursor is null ? "" : "&cursor=" + cursor), _viewerToken));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        // Every device (the fixture's fleet and the 102 above) exactly once, in device id order.
        var stored = (await Store.ListDevicesAsync(CancellationToken.None)).Select(d => d.DeviceId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(stored, walked);
        Assert.Subset(walked.ToHashSet(), ids.ToHashSet());
        Assert.Equal(stored.Take(ApiValues.DefaultPageSize), firstPage.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()!));
        using var tooMany = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/devices?limit=1001", _viewerToken));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("1 to 1000", (await ProblemAsync(tooMany)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_device_is_a_404_problem_and_health_needs_no_token()
    {
        using var missing = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/devices/nobody", _viewerToken));
        using var health = await _http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Unknown device", (await ProblemAsync(missing)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-008")]
    [Trait("Requirement", "SR-ALERT-007")]
    public async Task Devices_show_their_firmware_version_and_alerts_the_host_resolved_are_listed_and_stay_resolved()
    {
        await Store.SetFirmwareVersionAsync("dev-a", "1.4.2", 3, CancellationToken.None);
        var id = await Store.InsertAlertAsync(new AlertRecord("silent-device", "dev-a", 2, "t", "quiet", AlertStatus.New, 1, 1, []), CancellationToken.None);
        await Store.ResolveAlertAsync(id, "; back", 2, CancellationToken.None);

        using var list = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/devices", _viewerToken));
        using var one = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/devices/dev-a", _viewerToken));
        using var resolved = await _http.SendAsync(Request(HttpMethod.Get, "/api/v1/alerts?status=resolved", _viewerToken));
        using var set = await _http.SendAsync(Request(HttpMethod.Post, $"/api/v1/alerts/{id}/status", _analystToken, new { status = "resolved" }));

        var devices = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("deviceId").GetString()!);
        Assert.Equal("1.4.2", devices["dev-a"].GetProperty("firmwareVersion").GetString());
        Assert.Equal(JsonValueKind.Null, devices["dev-b"].GetProperty("firmwareVersion").ValueKind);
        Assert.Equal("1.4.2", (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("firmwareVersion").GetString());
        var item = Assert.Single((await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        Assert.Equal((id, "quiet; back", 3), (item.GetProperty("id").GetInt64(), item.GetProperty("detail").GetString(), item.GetProperty("statusCode").GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, set.StatusCode);
        Assert.Contains("already resolved", (await ProblemAsync(set)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
