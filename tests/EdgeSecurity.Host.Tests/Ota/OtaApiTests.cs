using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Ota;

/// <summary>The OTA API of a running host (SQLite): roles, upload validation with the core's checks, campaigns, audit.</summary>
[Collection(HostTestCollection.Name)]
public sealed class OtaApiTests(TestFleet fleet) : IAsyncLifetime
{
    private readonly Dictionary<string, string> _tokens = new()
    {
        ["viewer"] = NewToken(),
        ["analyst"] = NewToken(),
        ["operator"] = NewToken(),
    };

    private readonly OtaRelease _release = new();
    private RunningHost _host = null!;
    private HttpClient _http = null!;

    private ITelemetryStore Store => _host.Services.GetRequiredService<ITelemetryStore>();

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public async Task InitializeAsync()
    {
        var options = HostFactory.Options(fleet);
        foreach (var (role, token) in _tokens)
        {
            options.Api.Tokens.Add(new ApiTokenOptions { Name = role + "-token", Role = role, Sha256 = ApiTokenAuthenticator.HashToken(token) });
        }

        options.Ota.TrustRootFile = _release.TrustRootPath;
        _host = await HostFactory.StartAsync(options);
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
        while ((await Store.ListDevicesAsync(CancellationToken.None)).Count < TestFleet.DeviceIds.Length)
        {
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _release.Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string role, object? json = null, byte[]? bytes = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[role]);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        else if (bytes is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        return await _http.SendAsync(request);
    }

    private Task<HttpResponseMessage> UploadAsync(byte[] bundle, string role = "operator", string query = "") =>
        SendAsync(HttpMethod.Post, "/api/v1/ota/bundles" + query, role, bytes: bundle);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task AssertRefusedAsync(byte[] bundle, string failure, string query = "")
    {
        using var response = await UploadAsync(bundle, query: query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal(failure, problem.GetProperty("failure").GetString());
        Assert.Contains(failure, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Store.Ota.ListBundlesAsync(CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-001")]
    public async Task A_viewer_cannot_upload_and_an_analyst_cannot_run_a_campaign_but_an_operator_can()
    {
        var bundle = _release.Bundle();
        using var byViewer = await UploadAsync(bundle, "viewer");
        using var byAnalyst = await UploadAsync(bundle, "analyst");
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Contains("operator role", (await JsonAsync(byAnalyst)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Store.Ota.ListBundlesAsync(CancellationToken.None));

        using var uploaded = await UploadAsync(bundle);
        var id = (await JsonAsync(uploaded)).GetProperty("id").GetString();
        var campaign = new { bundleId = id, deviceIds = new[] { "dev-a" } };
        using var analystCampaign = await SendAsync(HttpMethod.Post, "/api/v1/ota/campaigns", "analyst", campaign);
        Assert.Equal(HttpStatusCode.Forbidden, analystCampaign.StatusCode);
        using var analystTags = await SendAsync(HttpMethod.Put, "/api/v1/devices/dev-a/tags", "analyst", new { tags = new[] { "x" } });
        Assert.Equal(HttpStatusCode.Forbidden, analystTags.StatusCode);
        Assert.Empty(await Store.Ota.ListCampaignsAsync(CancellationToken.None));

        using var created = await SendAsync(HttpMethod.Post, "/api/v1/ota/campaigns", "operator", campaign);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var read = await SendAsync(HttpMethod.Get, "/api/v1/ota/campaigns", "viewer");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-003")]
    public async Task An_accepted_bundle_is_stored_under_its_sha256_and_uploading_it_again_is_idempotent()
    {
        var bundle = _release.Bundle(counter: 4);
        using var first = await UploadAsync(bundle);
        using var second = await UploadAsync(bundle);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var id = Convert.ToHexStringLower(SHA256.HashData(bundle));
        var firstBody = await JsonAsync(first);
        Assert.Equal(id, firstBody.GetProperty("id").GetString());
        Assert.Equal(id, (await JsonAsync(second)).GetProperty("id").GetString());
        Assert.Equal(4, firstBody.GetProperty("securityCounter").GetInt64());
        Assert.Equal(bundle, await Store.Ota.GetBundleContentAsync(id, CancellationToken.None));
        Assert.Single(await Store.Ota.ListBundlesAsync(CancellationToken.None));
        Assert.Equal(new Uri($"/api/v1/ota/bundles/{id}", UriKind.Relative), first.Headers.Location);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-002")]
    public async Task Bad_signatures_too_few_signatures_and_unknown_keys_are_refused_with_the_core_failure()
    {
        var wronglySigned = _release.Bundle();
        var header = Signing.Bundles.BundleFile.Parse(wronglySigned).Container.HeaderLength;
        wronglySigned[header - 1] ^= 0x01; // the last byte of the last signature
        await AssertRefusedAsync(wronglySigned, "BadSignature");
        await AssertRefusedAsync(_release.Bundle(signers: [_release.ReleaseKeys[0]]), "ThresholdNotMet");
        await AssertRefusedAsync(_release.Bundle(signers: [_release.Stranger, _release.RootKey]), "UnknownKey");
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-002")]
    public async Task Wrong_class_expired_tampered_and_malformed_bundles_are_refused_and_nothing_is_stored()
    {
        await AssertRefusedAsync(_release.Bundle(hardwareClass: "esp32-s3"), "WrongHardwareClass");
        await AssertRefusedAsync(_release.Bundle(), "WrongHardwareClass", "?hardwareClass=esp32-c6");
        await AssertRefusedAsync(_release.Bundle(expires: OtaRelease.Now - 10), "Expired");
        var tampered = _release.Bundle();
        tampered[^100] ^= 0x80;
        await AssertRefusedAsync(tampered, "ComponentDigestMismatch");
        await AssertRefusedAsync([.. _release.Bundle()[..^1]], "Malformed");
        await AssertRefusedAsync(RandomNumberGenerator.GetBytes(300), "Malformed");
        using var empty = await UploadAsync([]);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-004")]
    public async Task A_bundle_below_the_fleet_minimum_counter_for_its_class_is_refused()
    {
        using var set = await SendAsync(HttpMethod.Put, "/api/v1/ota/minimum-counters/esp32", "operator", new { minimum = 5 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        await AssertRefusedAsync(_release.Bundle(counter: 4), "CounterRollback");
        using var accepted = await UploadAsync(_release.Bundle(counter: 5));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var audit = (await Store.Ota.QueryAuditAsync(null, 10, CancellationToken.None)).Items;
        Assert.Contains(audit, a => a.Action == "minimum-counter.set" && a.Actor == "operator-token" && a.Detail == "0 -> 5");
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-005")]
    public async Task A_trust_root_is_accepted_only_as_a_rotation_of_the_current_one_and_then_old_release_keys_stop_counting()
    {
        using var unsigned = await SendAsync(HttpMethod.Post, "/api/v1/ota/roots", "operator", bytes: Signing.TrustRoots.TrustRootFile.Unsigned(_release.Root).ToBytes());
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        using var byStranger = await SendAsync(HttpMethod.Post, "/api/v1/ota/roots", "operator", bytes: _release.RotatedRoot(_release.Stranger));
        Assert.Equal(HttpStatusCode.BadRequest, byStranger.StatusCode);
        Assert.Equal("UnknownKey", (await JsonAsync(byStranger)).GetProperty("failure").GetString());
        using var sameVersion = await SendAsync(HttpMethod.Post, "/api/v1/ota/roots", "operator", bytes: _release.SignedRoot.ToBytes());
        Assert.Equal("VersionNotIncreasing", (await JsonAsync(sameVersion)).GetProperty("failure").GetString());
        using var byViewer = await SendAsync(HttpMethod.Post, "/api/v1/ota/roots", "viewer", bytes: _release.RotatedRoot(_release.RootKey));
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Empty(await Store.Ota.ListTrustRootsAsync(CancellationToken.None));

        var rotated = _release.RotatedRoot(_release.RootKey);
        using var accepted = await SendAsync(HttpMethod.Post, "/api/v1/ota/roots", "operator", bytes: rotated);
        using var again = await SendAsync(HttpMethod.Post, "/api/v1/ota/roots", "operator", bytes: rotated);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        // Release key 0 is no longer in the release role of v2: bundles it signed no longer reach the threshold.
        await AssertRefusedAsync(_release.Bundle(), "UnknownKey");
        using var newKeys = await UploadAsync(_release.Bundle(signers: [_release.Stranger, _release.ReleaseKeys[1]]));
        Assert.Equal(HttpStatusCode.Created, newKeys.StatusCode);

        using var rootCampaign = await SendAsync(HttpMethod.Post, "/api/v1/ota/campaigns", "operator", new { rootVersion = 2, tags = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Created, rootCampaign.StatusCode);
        var view = await JsonAsync(rootCampaign);
        Assert.Equal("trust-root", view.GetProperty("kind").GetString());
        var active = (await Store.ListDevicesAsync(CancellationToken.None)).Count(d => d.Status == EdgeSecurity.Host.Storage.Model.DeviceStatus.Active);
        Assert.Equal(active, view.GetProperty("counts").GetProperty("total").GetInt32());
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-012")]
    [Trait("Requirement", "SR-OTA-HOST-013")]
    public async Task Campaigns_target_by_tags_in_waves_and_every_operator_action_is_audited_with_the_token_name()
    {
        using var uploaded = await UploadAsync(_release.Bundle());
        var bundleId = (await JsonAsync(uploaded)).GetProperty("id").GetString();
        foreach (var device in new[] { "load-00", "load-01", "load-02", "load-03" })
        {
            using var tagged = await SendAsync(HttpMethod.Put, $"/api/v1/devices/{device}/tags", "operator", new { tags = new[] { "canary", "eu" } });
            Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        }

        using var badTag = await SendAsync(HttpMethod.Put, "/api/v1/devices/load-00/tags", "operator", new { tags = new[] { "Not Valid" } });
        Assert.Equal(HttpStatusCode.BadRequest, badTag.StatusCode);
        using var unknownDevice = await SendAsync(HttpMethod.Put, "/api/v1/devices/nope/tags", "operator", new { tags = new[] { "x" } });
        Assert.Equal(HttpStatusCode.NotFound, unknownDevice.StatusCode);

        using var created = await SendAsync(HttpMethod.Post, "/api/v1/ota/campaigns", "operator", new { bundleId, tags = new[] { "canary" }, waves = new[] { "1", "50%", "100%" }, failureThreshold = 2, window = "00:00-23:59" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await JsonAsync(created);
        var id = view.GetProperty("id").GetInt64();
        Assert.Equal([1, 1, 2], view.GetProperty("waves").EnumerateArray().Select(w => w.GetProperty("counts").GetProperty("total").GetInt32()));
        Assert.Equal("running", view.GetProperty("status").GetString());
        Assert.Equal(4, view.GetProperty("hardwareClasses").GetProperty("esp32").GetProperty("pending").GetInt32());

        using var overlapping = await SendAsync(HttpMethod.Post, "/api/v1/ota/campaigns", "operator", new { bundleId, deviceIds = new[] { "load-02" } });
        Assert.Equal(HttpStatusCode.Conflict, overlapping.StatusCode);
        Assert.Contains($"campaign {id}", (await JsonAsync(overlapping)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var paused = await SendAsync(HttpMethod.Post, $"/api/v1/ota/campaigns/{id}/pause", "operator");
        Assert.Equal("paused", (await JsonAsync(paused)).GetProperty("status").GetString());
        using var pausedAgain = await SendAsync(HttpMethod.Post, $"/api/v1/ota/campaigns/{id}/pause", "operator");
        Assert.Equal(HttpStatusCode.Conflict, pausedAgain.StatusCode);
        using var resumed = await SendAsync(HttpMethod.Post, $"/api/v1/ota/campaigns/{id}/resume", "operator");
        Assert.Equal("running", (await JsonAsync(resumed)).GetProperty("status").GetString());
        using var aborted = await SendAsync(HttpMethod.Post, $"/api/v1/ota/campaigns/{id}/abort", "operator");
        Assert.Equal("aborted", (await JsonAsync(aborted)).GetProperty("status").GetString());
        using var devices = await SendAsync(HttpMethod.Get, $"/api/v1/ota/campaigns/{id}/devices", "viewer");
        Assert.Equal(["load-00", "load-01", "load-02", "load-03"], (await JsonAsync(devices)).EnumerateArray().Select(d => d.GetProperty("deviceId").GetString()));
        using var missing = await SendAsync(HttpMethod.Get, "/api/v1/ota/campaigns/999/devices", "viewer");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var audit = await SendAsync(HttpMethod.Get, "/api/v1/ota/audit?limit=4", "viewer");
        var entries = (await JsonAsync(audit)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["campaign.abort", "campaign.resume", "campaign.pause", "campaign.create"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("operator-token", e.GetProperty("actor").GetString()));
        Assert.All(entries, e => Assert.Equal($"campaign {id}", e.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task A_host_whose_configured_trust_root_is_unsigned_or_missing_refuses_to_start_with_the_reason()
    {
        var unsigned = Path.Combine(fleet.Root, "unsigned-root.bin");
        await File.WriteAllBytesAsync(unsigned, Signing.TrustRoots.TrustRootFile.Unsigned(_release.Root).ToBytes());
        foreach (var (file, expected) in new[] { (unsigned, "unsigned trust root"), (Path.Combine(fleet.Root, "missing.esr"), "cannot be used") })
        {
            var options = HostFactory.Options(fleet);
            options.Ota.TrustRootFile = file;
            var error = await Assert.ThrowsAsync<HostConfigurationException>(() => HostFactory.StartAsync(options));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Contains("Ota:TrustRootFile", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Campaign_requests_that_target_nothing_or_name_no_subject_are_refused_with_the_reason()
    {
        using var uploaded = await UploadAsync(_release.Bundle());
        var bundleId = (await JsonAsync(uploaded)).GetProperty("id").GetString();
        var cases = new (object Body, HttpStatusCode Status, string Detail)[]
        {
            (new { deviceIds = new[] { "dev-a" } }, HttpStatusCode.BadRequest, "exactly one"),
            (new { bundleId = "00", deviceIds = new[] { "dev-a" } }, HttpStatusCode.NotFound, "upload it first"),
            (new { bundleId, tags = new[] { "no-such-tag" } }, HttpStatusCode.BadRequest, "targets no device"),
            (new { bundleId, deviceIds = new[] { "ghost" } }, HttpStatusCode.BadRequest, "not enrolled"),
            (new { bundleId, deviceIds = new[] { "dev-a", "dev-b" }, waves = new[] { "1" } }, HttpStatusCode.BadRequest, "100%"),
            (new { bundleId, deviceIds = new[] { "dev-a" }, window = "2-3" }, HttpStatusCode.BadRequest, "HH:MM"),
            (new { bundleId, deviceIds = new[] { "dev-a" }, failureThreshold = 0 }, HttpStatusCode.BadRequest, "at least 1"),
            (new { rootVersion = 9 }, HttpStatusCode.NotFound, "trust root v9"),
        };
        foreach (var (body, status, detail) in cases)
        {
            using var response = await SendAsync(HttpMethod.Post, "/api/v1/ota/campaigns", "operator", body);
            Assert.Equal(status, response.StatusCode);
            Assert.Contains(detail, (await JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(await Store.Ota.ListCampaignsAsync(CancellationToken.None));
    }
}
