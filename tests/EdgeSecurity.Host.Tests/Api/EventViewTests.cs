using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>Events and alerts read by a person: names for types, severities, statuses and fields, numbers beside them.</summary>
[Collection(HostTestCollection.Name)]
public sealed class EventViewTests(TestFleet fleet) : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(fleet);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    [Trait("Requirement", "SR-API-009")]
    public async Task An_event_shows_type_severity_fields_and_chain_by_name_with_the_numbers_beside_them()
    {
        // The fields an integrity violation carries (docs/events.md), encoded by the core as the device does.
        var record = SecurityEvents.IntegrityCheck(1, "digest differs", "app.json", 1);
        var fields = EventRecordMapper.FieldsJson(new EventRecord { Fields = record.Fields, EventType = record.Type });
        var integrity = new SecurityEventRecord("dev-a", 7, 1, 5, true, 5, EventTypes.IntegrityCheck, "integrity-check", 4, fields, [1], [2], 1000)
        { ChainStatus = EventChainStatus.AfterUnexplainedGap };
        var legacy = new SecurityEventRecord("dev-a", 8, 1, 6, true, 6, 0x7777, "type-0x7777", 9, """{"3":"x"}""", [1], [2], 1001) { ChainStatus = null };
        await _api.Store.CommitAsync(new IngestBatch([integrity, legacy], []), CancellationToken.None);

        using var response = await _api.GetAsync("/api/v1/events?device=dev-a");
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();

        var unknown = items[0];
        Assert.Equal(("type-0x7777", 0x7777, "severity-9", 9, "not-recorded"), (unknown.GetProperty("type").GetString(), unknown.GetProperty("typeId").GetInt32(), unknown.GetProperty("severity").GetString(), unknown.GetProperty("severityLevel").GetInt32(), unknown.GetProperty("chain").GetString()));
        Assert.Equal("x", unknown.GetProperty("fields").GetProperty("field-3").GetString());
        var e = items[1];
        Assert.Equal(("integrity-check", 258, "critical", 4), (e.GetProperty("type").GetString(), e.GetProperty("typeId").GetInt32(), e.GetProperty("severity").GetString(), e.GetProperty("severityLevel").GetInt32()));
        Assert.Equal("after-unexplained-gap", e.GetProperty("chain").GetString());
        var named = e.GetProperty("fields");
        Assert.Equal((1, "digest differs", "app.json", 1), (named.GetProperty("resultCode").GetInt32(), named.GetProperty("reason").GetString(), named.GetProperty("subject").GetString(), named.GetProperty("mismatches").GetInt32()));
        Assert.Equal("app.json", e.GetProperty("fieldsById").GetProperty("3").GetString());
        Assert.Equal(Convert.ToBase64String([2]), e.GetProperty("mac").GetString());
    }

    [Fact]
    [Trait("Requirement", "SR-API-009")]
    public async Task An_alert_shows_severity_and_status_by_name_with_the_numbers_beside_them()
    {
        var id = await _api.Store.InsertAlertAsync(new AlertRecord("integrity-violation", "dev-a", 4, "t", "d", AlertStatus.Acknowledged, 1, 1, [7]), CancellationToken.None);

        using var response = await _api.GetAsync("/api/v1/alerts?device=dev-a");
        var alert = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());

        Assert.Equal(id, alert.GetProperty("id").GetInt64());
        Assert.Equal(("critical", 4), (alert.GetProperty("severity").GetString(), alert.GetProperty("severityLevel").GetInt32()));
        Assert.Equal(("acknowledged", 1), (alert.GetProperty("status").GetString(), alert.GetProperty("statusCode").GetInt32()));
    }

    [Fact]
    [Trait("Requirement", "SR-API-009")]
    public void An_alert_detail_names_the_events_fields_instead_of_showing_their_ids()
    {
        var record = SecurityEvents.IntegrityCheck(1, "digest differs", "app.json", 1);
        var fields = EventRecordMapper.FieldsJson(new EventRecord { Fields = record.Fields, EventType = record.Type });
        var stored = new SecurityEventRecord("dev-a", 56, 1, 5, true, 5, EventTypes.IntegrityCheck, "integrity-check", 4, fields, [1], [2], 1000);

        Assert.Equal("#56 integrity-check: resultCode=1, reason=digest differs, subject=app.json, mismatches=1", Host.Api.Views.EventView.Summary(stored));
    }

    [Fact]
    [Trait("Requirement", "SR-API-009")]
    public void Every_catalogued_event_type_names_its_fields_uniquely()
    {
        foreach (var type in new[]
        {
            EventTypes.BootVerification, EventTypes.IntegrityCheck, EventTypes.ContainmentEntered, EventTypes.ContainmentLeft, EventTypes.OtaDownloadStarted,
            EventTypes.OtaChunkFailed, EventTypes.OtaInstalled, EventTypes.OtaTrialBoot, EventTypes.OtaConfirmed, EventTypes.OtaRolledBack,
            EventTypes.ConnectionFailure, EventTypes.AuthenticationFailure, EventTypes.ClockSet, EventTypes.ClockJump, EventTypes.ConfigurationChanged,
            EventTypes.JournalThresholdReached, EventTypes.RecordsDropped, EventTypes.Heartbeat, EventTypes.JournalRecovered, EventTypes.JournalTampered,
        })
        {
            Assert.DoesNotContain("type-0x", EventCatalogue.NameOf(type), StringComparison.Ordinal);
            var names = Assert.Contains((int)type, EventFieldNames.Catalogue).Values.ToList();
            Assert.NotEmpty(names);
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-025")]
    public void Every_field_the_update_client_records_has_a_name_on_the_host()
    {
        // One of each OTA event the device records (the update client's and the trial supervisor's).
        SecurityEvent[] recorded =
        [
            OtaEvents.Accepted(7, 3, "2.0.0.0", 2, 262_144), OtaEvents.ChunkRejected(7, "2.0.0.0", 0, 5, 3, "digest"), OtaEvents.Installed(7, "2.0.0.0", "b"),
            OtaEvents.TrialBoot(7, "2.0.0.0", "b"), SecurityEvents.OtaConfirmed("2.0.0.0", 2, "b"), SecurityEvents.OtaRolledBack("2.0.0.0", "b", 4, "health check failed: rollback"),
            OtaEvents.OfferRefused(7, 3, "2.0.0.0", 2, 9, "revoked key", attack: true), OtaEvents.OfferReplayed(7, 3, 4), OtaEvents.Verified(7, "2.0.0.0", 2, "b"),
            OtaEvents.Failed(7, "2.0.0.0", 9, "slot verification failed", 10, 64), OtaEvents.DownloadStalled(7, "2.0.0.0", 10, 64), OtaEvents.TrustRootInstalled(7, 2, "rotation"),
            OtaEvents.AlreadyInstalled(7, "2.0.0.0", 2), OtaEvents.ChunkIgnored(7, 0, 70, 2, "beyond the manifest", 1),
        ];
        foreach (var securityEvent in recorded)
        {
            var names = Assert.Contains((int)securityEvent.Type, EventFieldNames.Catalogue);
            Assert.All(securityEvent.Fields, f => Assert.True(names.ContainsKey(f.Id), $"{EventCatalogue.NameOf(securityEvent.Type)}: field {f.Id} has no name"));
            Assert.Equal(names.Count, names.Values.Distinct(StringComparer.Ordinal).Count());
        }
    }
}
