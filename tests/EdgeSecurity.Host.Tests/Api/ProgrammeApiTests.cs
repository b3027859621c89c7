using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>Advisories, programme metrics and device posture through the API, in the shape docs/api.md promises.</summary>
[Collection(HostTestCollection.Name)]
public sealed class ProgrammeApiTests(TestFleet fleet) : IAsyncLifetime
{
    private const string Valid = """{"id":"ESA-2026-001","title":"Boot verifier accepts truncated signatures","severity":"high","hardwareClass":"esp32-devkit","affectedVersions":["1.2.0"],"fixedIn":"1.2.1"}""";

    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(fleet);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAdvisoryAsync(string body, string role = "operator")
    {
        using var response = await _api.SendAsync(HttpMethod.Post, "/api/v1/advisories", role, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    [Trait("Requirement", "SR-API-013")]
    public async Task An_operator_records_an_advisory_a_viewer_lists_it_and_cannot_record_one()
    {
        var (created, body) = await PostAdvisoryAsync(Valid);
        var (forbidden, _) = await PostAdvisoryAsync(Valid.Replace("001", "002", StringComparison.Ordinal), "viewer");
        var (duplicate, problem) = await PostAdvisoryAsync(Valid.Replace("high", "low", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(("ESA-2026-001", "operator-user", "1.2.0"), (body.GetProperty("id").GetString(), body.GetProperty("createdBy").GetString(), body.GetProperty("affectedVersions")[0].GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal(HttpStatusCode.Conflict, duplicate);
        Assert.Contains("already recorded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var list = await _api.GetAsync("/api/v1/advisories");
        var advisory = Assert.Single((await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal("high", advisory.GetProperty("severity").GetString());
        var audit = await _api.Store.Ota.QueryAuditAsync(null, 10, CancellationToken.None);
        Assert.Equal(("operator-user", "advisory ESA-2026-001"), (Assert.Single(audit.Items).Actor, audit.Items[0].Subject));
    }

    [Theory]
    [Trait("Requirement", "SR-API-013")]
    [InlineData("""{"id":"ESA-2026-001","title":"t","severity":"urgent","hardwareClass":"esp32-devkit","affectedVersions":["1.2.0"],"fixedIn":"1.2.1"}""", "severity")]
    [InlineData("""{"id":"x","title":"t","severity":"high","hardwareClass":"esp32-devkit","affectedVersions":["1.2.0"],"fixedIn":"1.2.1"}""", "id")]
    [InlineData("""{"id":"ESA-2026-001","title":"","severity":"high","hardwareClass":"esp32-devkit","affectedVersions":["1.2.0"],"fixedIn":"1.2.1"}""", "title")]
    [InlineData("""{"id":"ESA-2026-001","title":"t","severity":"high","hardwareClass":"esp32 devkit","affectedVersions":["1.2.0"],"fixedIn":"1.2.1"}""", "hardwareClass")]
    [InlineData("""{"id":"ESA-2026-001","title":"t","severity":"high","hardwareClass":"esp32-devkit","affectedVersions":[],"fixedIn":"1.2.1"}""", "affectedVersions")]
    [InlineData("""{"id":"ESA-2026-001","title":"t","severity":"high","hardwareClass":"esp32-devkit","affectedVersions":["1.2.0", 7],"fixedIn":"1.2.1"}""", "affectedVersions")]
    [InlineData("""{"id":"ESA-2026-001","title":"t","severity":"high","hardwareClass":"esp32-devkit","affectedVersions":["1.2.2"],"fixedIn":"1.2.1"}""", "affectedVersions")]
    [InlineData("""{"id":"ESA-2026-001","title":"t","severity":"high","hardwareClass":"esp32-devkit","affectedVersions":["1.2.0"],"fixedIn":"1.2.x"}""", "fixedIn")]
    [InlineData("""{"id":"ESA-2026-001","title":"t","severity":"high","hardwareClass":"esp32-devkit","affectedVersions":["1.2.0"]}""", "fixedIn")]
    [InlineData("""{"id":"ESA-2026-001","title":"t","severity":"high","hardwareClass":"esp32-devkit","affectedVersions":["1.2.0"],"fixedIn":"1.2.1","fixed":"1.3"}""", "fixed")]
    public async Task A_bad_advisory_is_refused_with_a_detail_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var (status, problem) = await PostAdvisoryAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _api.Store.ListAdvisoriesAsync(CancellationToken.None));
        Assert.Empty((await _api.Store.Ota.QueryAuditAsync(null, 10, CancellationToken.None)).Items);
    }

    [Fact]
    [Trait("Requirement", "SR-MET-009")]
    public async Task Programme_metrics_have_the_contract_shape_with_nulls_where_nothing_can_be_computed()
    {
        await PostAdvisoryAsync(Valid);

        using var response = await _api.GetAsync("/api/v1/metrics/programme?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z");
        var m = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), m.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), m.GetProperty("to").GetDateTimeOffset());
        m.GetProperty("generatedAt").GetDateTimeOffset();
        Assert.Equal(
            ["devices", "reporting", "silent", "droppedEvents", "rejectedMessages"], m.GetProperty("fleet").EnumerateObject().Select(p => p.Name));
        var advisory = m.GetProperty("vulnerable").GetProperty("advisories")[0];
        Assert.Equal(("ESA-2026-001", "esp32-devkit", "1.2.1", 0), (advisory.GetProperty("id").GetString(), advisory.GetProperty("hardwareClass").GetString(), advisory.GetProperty("fixedIn").GetString(), advisory.GetProperty("devices").GetInt32()));
        var updates = m.GetProperty("updates");
        Assert.Equal(["attempts", "confirmed", "failed", "rolledBack", "failureRate", "rollbackRate"], updates.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, updates.GetProperty("failureRate").ValueKind);
        var alertResponse = m.GetProperty("alertResponse");
        Assert.Equal(
            ["acknowledged", "resolved", "medianMinutesToAcknowledge", "p90MinutesToAcknowledge", "medianMinutesToResolve", "p90MinutesToResolve"],
            alertResponse.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, alertResponse.GetProperty("p90MinutesToResolve").ValueKind);
        Assert.Equal(JsonValueKind.Array, m.GetProperty("adoption").ValueKind);
        Assert.Equal(JsonValueKind.Array, m.GetProperty("incidents").ValueKind);
    }

    [Theory]
    [Trait("Requirement", "SR-MET-009")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("?from=2020-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "days")]
    [InlineData("?window=30", "window")]
    public async Task A_bad_metrics_window_is_refused_with_a_detail(string query, string named)
    {
        using var response = await _api.GetAsync("/api/v1/metrics/programme" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, (await ApiHost.ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-API-012")]
    public async Task Devices_carry_their_posture_next_to_the_fields_they_had()
    {
        await _api.Store.UpsertDeviceAsync(new DeviceRecord("posture-dev", DeviceStatus.Active, "esp32-devkit", 1, null, null, null, null), CancellationToken.None);
        await _api.Store.CommitAsync(
            new IngestBatch([new SecurityEventRecord("posture-dev", 1, 1, 1, true, 1, 0x0101, "boot-verification", 1, """{"1":0,"2":"","5":"A","6":"1.2.0","8":4}""", [1], [1], 1_800_000_000_000)], []),
            CancellationToken.None);
        await _api.Store.SetFirmwareVersionAsync("posture-dev", "1.2.0", 1, CancellationToken.None);

        using var list = await _api.GetAsync("/api/v1/devices");
        using var one = await _api.GetAsync("/api/v1/devices/posture-dev");
        var fromList = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Single(d => d.GetProperty("deviceId").GetString() == "posture-dev");
        var single = await one.Content.ReadFromJsonAsync<JsonElement>();

        foreach (var device in new[] { fromList, single })
        {
            Assert.Equal(("esp32-devkit", "1.2.0"), (device.GetProperty("hardwareClass").GetString(), device.GetProperty("firmwareVersion").GetString()));
            var posture = device.GetProperty("posture");
            Assert.Equal(
                ["bundleId", "bundleVersion", "securityCounter", "lastBoot", "integrity", "containment", "lastSeenAt", "campaign", "certificateExpiresAt", "lastAttestedAt", "attestation"],
                posture.EnumerateObject().Select(p => p.Name));
            Assert.Equal((JsonValueKind.Null, "never"), (posture.GetProperty("lastAttestedAt").ValueKind, posture.GetProperty("attestation").GetProperty("state").GetString()));
            Assert.Equal(("1.2.0", 4L, "ok", "unknown", "none"), (
                posture.GetProperty("bundleVersion").GetString(), posture.GetProperty("securityCounter").GetInt64(), posture.GetProperty("lastBoot").GetProperty("result").GetString(),
                posture.GetProperty("integrity").GetString(), posture.GetProperty("containment").GetString()));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000), posture.GetProperty("lastBoot").GetProperty("at").GetDateTimeOffset());
            Assert.Equal(JsonValueKind.Null, posture.GetProperty("campaign").ValueKind);
        }
    }
}
