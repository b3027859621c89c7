using EdgeSecurity.Host.Metrics;
using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>
/// Programme metrics and device posture from a scripted fleet history, inserted through the store APIs and
/// read back through the same queries the API uses, on every database. Every expected number is worked out
/// by hand in the comments.
/// </summary>
public abstract partial class TelemetryStoreContract
{
    private const long T0 = 1_793_000_000_000;
    private const long Hour = 3_600_000;
    private const long Minute = 60_000;

    private static long At(double hours) => T0 + (long)(hours * Hour);

    private static SecurityEventRecord Boot(string device, long seq, double hours, string version, int result = 0, long counter = 3, string reason = "") =>
        Event(device, seq, type: 0x0101) with
        {
            ReceivedAtMs = At(hours),
            FieldsJson = $"{{\"1\":{result},\"2\":\"{reason}\",\"5\":\"A\",\"6\":\"{version}\",\"7\":\"\",\"8\":{counter}}}",
        };

    private static SecurityEventRecord Reported(string device, long seq, int type, double hours, string fieldsJson) =>
        Event(device, seq, type: type) with { ReceivedAtMs = At(hours), FieldsJson = fieldsJson };

    private async Task StoreAsync(params SecurityEventRecord[] events) =>
        await Store.CommitAsync(new IngestBatch(events, []), CancellationToken.None);

    private async Task<long> CampaignAsync(string bundleId, double startHours, params (string Device, DeviceOtaState Final, double Hours)[] outcomes)
    {
        var definition = new CampaignDefinition(0, CampaignKind.Bundle, bundleId, "test fleet", 10, null, "olga", At(startHours));
        var campaign = Campaign.Create(definition, [outcomes.Select(o => (o.Device, (string?)"devkit")).ToList()]);
        var id = await Store.Ota.InsertCampaignAsync(campaign, new OtaAuditEntry(At(startHours), "olga", "campaign.create", "c", "d"), CancellationToken.None);
        var stored = (await Store.Ota.GetCampaignAsync(id, CancellationToken.None))!;
        foreach (var (device, final, hours) in outcomes)
        {
            Assert.True(stored.RecordOffer(device, At(hours) - Minute).Applied);
            if (final == DeviceOtaState.RolledBack)
            {
                Assert.True(stored.ApplyReport(device, DeviceOtaState.Trial, null, 4, 4, At(hours) - 1).Applied);
            }

            Assert.True(stored.ApplyReport(device, final, final.IsFailure() ? "health check" : null, 4, 4, At(hours)).Applied);
        }

        Assert.True(await Store.Ota.SaveCampaignAsync(stored, null, CancellationToken.None));
        return id;
    }

    private async Task AddBundleAsync(string id, string hardwareClass, string version, double uploadedHours) =>
        await Store.Ota.AddBundleAsync(
            new OtaBundleRecord(id, "00ff", hardwareClass, version, 3, 2_000_000_000, 1, "olga", At(uploadedHours)), [1], new OtaAuditEntry(At(uploadedHours), "olga", "bundle.upload", id, "d"), CancellationToken.None);

    private async Task<long> AlertAsync(string rule, double hours) =>
        await Store.InsertAlertAsync(new AlertRecord(rule, "d1", 3, "t", "d", AlertStatus.New, At(hours), At(hours), []), CancellationToken.None);

    private async Task TriageAtAsync(long alert, AlertStatus status, double hours, double minutesAfter) =>
        Assert.Equal(TriageOutcome.Applied, await Store.TriageAsync(alert, Status(status, "ana", At(hours) + (long)(minutesAfter * Minute)), CancellationToken.None));

    private static AdvisoryRecord Advisory(string id, string hardwareClass, string[] affected, string fixedIn) =>
        new(id, "Boot verifier accepts truncated signatures", "high", hardwareClass, affected, fixedIn, "olga", T0);

    [Fact]
    [Trait("Requirement", "SR-MET-001")]
    [Trait("Requirement", "SR-MET-002")]
    [Trait("Requirement", "SR-MET-003")]
    [Trait("Requirement", "SR-MET-004")]
    [Trait("Requirement", "SR-MET-005")]
    [Trait("Requirement", "SR-MET-006")]
    public async Task Programme_metrics_of_a_scripted_fleet_history_are_exact()
    {
        // The window is hours 100..200. d5 was revoked at hour 50 and d7 enrolled at hour 250: neither is in the
        // fleet, which is d1-d4 (devkit) and d6 (s3).
        foreach (var (id, hardwareClass, revokedAt, enrolled) in new[]
        {
            ("d1", "devkit", (long?)null, 0.0), ("d2", "devkit", null, 0), ("d3", "devkit", null, 0), ("d4", "devkit", null, 0),
            ("d5", "devkit", At(50), 0), ("d6", "s3", null, 0), ("d7", "devkit", null, 250),
        })
        {
            await Store.UpsertDeviceAsync(
                new DeviceRecord(id, revokedAt is null ? DeviceStatus.Active : DeviceStatus.Revoked, hardwareClass, At(enrolled), null, null, null, revokedAt), CancellationToken.None);
        }

        // Versions: d1 and d2 adopt 1.2.1 five and ten hours after its release at hour 105; d3's 1.2.1 boot fails, so
        // it still runs 1.2.0; d4 runs 1.1.0; d2's boot of 1.2.2 at hour 250 is after the window and does not count.
        await StoreAsync(Boot("d1", 1, 1, "1.2.0"), Boot("d1", 2, 110, "1.2.1"));
        await StoreAsync(Boot("d2", 1, 1, "1.2.0"), Boot("d2", 2, 115, "1.2.1"), Boot("d2", 3, 250, "1.2.2"));
        await StoreAsync(Boot("d3", 1, 1, "1.2.0"), Boot("d3", 2, 120, "1.2.1", result: 3, reason: "signature"));
        await StoreAsync(Boot("d4", 1, 1, "1.1.0"), Reported("d4", 2, 0x0503, 150, "{}"));
        await StoreAsync(Boot("d5", 1, 1, "1.2.0"), Boot("d6", 1, 1, "1.2.0"));

        // Dropped records: 3 + 2 inside the window, 100 before it. Rejected messages: 7 inside, 4 before.
        await StoreAsync(Reported("d4", 3, 0x0502, 160, "{\"1\":3,\"2\":2}"), Reported("d4", 4, 0x0502, 50 + 0.1, "{\"1\":100,\"2\":0}"));
        await Store.RecordRejectionAsync("d1", "malformed", 10, At(130), 7, CancellationToken.None);
        await Store.RecordRejectionAsync("d1", "malformed", 10, At(90), 4, CancellationToken.None);

        await Store.AddAdvisoryAsync(Advisory("ESA-2026-001", "devkit", ["1.1.0", "1.2.0"], "1.2.1"), new OtaAuditEntry(T0, "olga", "advisory.create", "a", "d"), CancellationToken.None);
        await Store.AddAdvisoryAsync(Advisory("ESA-2026-002", "s3", ["0.9"], "1.0"), new OtaAuditEntry(T0, "olga", "advisory.create", "a", "d"), CancellationToken.None);

        // Releases: 1.2.0 for devkit at hour 0 (3 of 4 devkits at once, never 90 %: still shown), 1.2.1 for devkit
        // at hour 105, 1.2.0 for s3 at hour 0 (its one device adopted at hour 1: done before the window, not shown),
        // 1.0.0 for s3 never offered (not shown).
        await AddBundleAsync("b120", "devkit", "1.2.0", 0);
        await AddBundleAsync("b121", "devkit", "1.2.1", 100);
        await AddBundleAsync("s120", "s3", "1.2.0", 0);
        await AddBundleAsync("s100", "s3", "1.0.0", 0);
        await CampaignAsync("b120", 0, ("d1", DeviceOtaState.Confirmed, 1));
        await CampaignAsync("s120", 0, ("d6", DeviceOtaState.Confirmed, 1));
        await CampaignAsync(
            "b121", 105, ("d1", DeviceOtaState.Confirmed, 110), ("d2", DeviceOtaState.Confirmed, 115), ("d3", DeviceOtaState.RolledBack, 120), ("d4", DeviceOtaState.Failed, 121));

        // Alerts: acknowledged after 10, 20, 30, 40 minutes; closed by analysts after 60, 120 and 40 (false positive)
        // minutes; a4 closed by the host (not analyst response), a6 raised before the window, a7 acknowledged after it.
        var a1 = await AlertAsync("integrity-violation", 100);
        await TriageAtAsync(a1, AlertStatus.Acknowledged, 100, 10);
        await TriageAtAsync(a1, AlertStatus.Resolved, 100, 60);
        var a2 = await AlertAsync("integrity-violation", 120);
        await TriageAtAsync(a2, AlertStatus.Acknowledged, 120, 20);
        await TriageAtAsync(a2, AlertStatus.Resolved, 120, 120);
        var a3 = await AlertAsync("boot-failure", 130);
        await TriageAtAsync(a3, AlertStatus.Acknowledged, 130, 30);
        var a4 = await AlertAsync("silent-device", 140);
        Assert.True(await Store.ResolveAlertAsync(a4, "; heard again", At(140) + (5 * Minute), CancellationToken.None));
        var a5 = await AlertAsync("replay", 150);
        await TriageAtAsync(a5, AlertStatus.FalsePositive, 150, 40);
        var a6 = await AlertAsync("chain-gap", 90);
        await TriageAtAsync(a6, AlertStatus.Acknowledged, 90, 1);
        var a7 = await AlertAsync("operator-rule", 160);
        await TriageAtAsync(a7, AlertStatus.Acknowledged, 205, 0);

        var generatedAt = DateTimeOffset.FromUnixTimeMilliseconds(At(300));
        var metrics = ProgrammeMetricsCalculator.Compute(await Store.LoadProgrammeHistoryAsync(At(100), At(200), CancellationToken.None), generatedAt);

        Assert.Equal((At(100), At(200), generatedAt), (metrics.From.ToUnixTimeMilliseconds(), metrics.To.ToUnixTimeMilliseconds(), metrics.GeneratedAt));

        // d6 sent nothing in the window.
        Assert.Equal(new FleetHealth(5, 4, 1, 5, 7), metrics.Fleet);

        Assert.Equal(2, metrics.Vulnerable.Devices);
        Assert.Equal([("ESA-2026-001", 2), ("ESA-2026-002", 0)], metrics.Vulnerable.Advisories.Select(a => (a.Id, a.Devices)));
        Assert.Equal(["1.1.0", "1.2.0"], metrics.Vulnerable.Advisories[0].AffectedVersions);

        // b120: 4 devkits, 3 run 1.2.0 or later, 50 % (2 devices) after 1 h, 90 % (4) never.
        // b121: 2 of 4 adopted, at 5 h and 10 h: 50 % after 10 h, 90 % never.
        Assert.Equal(
            [
                new FixAdoption("b120", "1.2.0", "devkit", DateTimeOffset.FromUnixTimeMilliseconds(At(0)), 4, 3, 1.0, null),
                new FixAdoption("b121", "1.2.1", "devkit", DateTimeOffset.FromUnixTimeMilliseconds(At(105)), 4, 2, 10.0, null),
            ],
            metrics.Adoption);

        // Finished in the window: d1, d2 confirmed, d3 rolled back, d4 failed (the two confirmations at hour 1 are outside).
        Assert.Equal(new UpdateOutcomes(4, 2, 1, 1, 0.25, 0.25), metrics.Updates);

        // a1, a2 integrity; a3 boot; a4 availability; a7 other; a5 was a false positive; a6 is outside.
        Assert.Equal([new IncidentCount("integrity", 2), new IncidentCount("availability", 1), new IncidentCount("boot", 1), new IncidentCount("other", 1)], metrics.Incidents);

        // Acknowledged: 10, 20, 30, 40 -> median 25, p90 at rank 2.7 = 30 + 0.7 * 10 = 37.
        // Closed: 40, 60, 120 -> median 60, p90 at rank 1.8 = 60 + 0.8 * 60 = 108.
        var response = metrics.AlertResponse;
        Assert.Equal((4, 3), (response.Acknowledged, response.Resolved));
        Assert.Equal(25.0, response.MedianMinutesToAcknowledge!.Value, 9);
        Assert.Equal(37.0, response.P90MinutesToAcknowledge!.Value, 9);
        Assert.Equal(60.0, response.MedianMinutesToResolve!.Value, 9);
        Assert.Equal(108.0, response.P90MinutesToResolve!.Value, 9);
    }

    [Fact]
    [Trait("Requirement", "SR-MET-007")]
    public async Task Metrics_without_data_are_null_not_zero()
    {
        var metrics = ProgrammeMetricsCalculator.Compute(await Store.LoadProgrammeHistoryAsync(At(0), At(24), CancellationToken.None), DateTimeOffset.UnixEpoch);

        Assert.Equal(new FleetHealth(0, 0, 0, 0, 0), metrics.Fleet);
        Assert.Equal(new UpdateOutcomes(0, 0, 0, 0, null, null), metrics.Updates);
        Assert.Equal(new AlertResponse(0, 0, null, null, null, null), metrics.AlertResponse);
        Assert.Empty(metrics.Adoption);
        Assert.Empty(metrics.Incidents);
        Assert.Equal(0, metrics.Vulnerable.Devices);
        Assert.Empty(metrics.Vulnerable.Advisories);
    }

    [Fact]
    [Trait("Requirement", "SR-MET-008")]
    public async Task An_advisory_is_recorded_once_with_its_audit_entry_and_a_second_with_the_same_id_changes_nothing()
    {
        var first = Advisory("ESA-2026-001", "devkit", ["1.2.0"], "1.2.1");
        Assert.True(await Store.AddAdvisoryAsync(first, new OtaAuditEntry(T0, "olga", "advisory.create", "advisory ESA-2026-001", "d"), CancellationToken.None));
        Assert.False(await Store.AddAdvisoryAsync(
            first with { Title = "rewritten", FixedIn = "9.9" }, new OtaAuditEntry(T0 + 1, "mallory", "advisory.create", "advisory ESA-2026-001", "d"), CancellationToken.None));

        Assert.Equal(first, Assert.Single(await Store.ListAdvisoriesAsync(CancellationToken.None)) with { AffectedVersions = first.AffectedVersions });
        Assert.Equal(["1.2.0"], (await Store.ListAdvisoriesAsync(CancellationToken.None))[0].AffectedVersions);
        var audit = Assert.Single((await Store.Ota.QueryAuditAsync(null, 10, CancellationToken.None)).Items);
        Assert.Equal(("olga", "advisory.create", "advisory ESA-2026-001"), (audit.Actor, audit.Action, audit.Subject));
    }

    [Fact]
    [Trait("Requirement", "SR-API-012")]
    public async Task Device_posture_comes_from_the_newest_boot_integrity_containment_and_campaign_records()
    {
        await Store.UpsertDeviceAsync(new DeviceRecord("p1", DeviceStatus.Active, "devkit", T0, null, null, null, null), CancellationToken.None);
        await Store.UpsertDeviceAsync(new DeviceRecord("p2", DeviceStatus.Active, "devkit", T0, null, null, null, null), CancellationToken.None);
        await AddBundleAsync("b120", "devkit", "1.2.0", 0);

        // p1 booted 1.2.0 (counter 7), passed then failed an integrity check, was contained, then a boot of
        // another image failed: it still runs 1.2.0, its last boot failed.
        await StoreAsync(
            Boot("p1", 1, 1, "1.2.0", counter: 7),
            Reported("p1", 2, 0x0102, 2, "{\"1\":0,\"2\":\"\",\"3\":\"app\",\"4\":0}"),
            Reported("p1", 3, 0x0102, 3, "{\"1\":1,\"2\":\"digest differs\",\"3\":\"app\",\"4\":1}"),
            Reported("p1", 4, 0x0103, 3, "{\"1\":1,\"2\":\"integrity\"}"),
            Boot("p1", 5, 4, "1.3.0", result: 5, counter: 8, reason: "signature"));
        Assert.True(await Store.SetFirmwareVersionAsync("p1", "1.2.0", 1, CancellationToken.None));
        await Store.TouchDeviceAsync("p1", At(4), heartbeat: true, CancellationToken.None);
        var campaign = await CampaignAsync("b120", 0, ("p1", DeviceOtaState.Failed, 4));

        var postures = await Store.ListDevicePosturesAsync(null, CancellationToken.None);

        Assert.Equal(
            new DevicePosture("b120", "1.2.0", 7, new BootOutcome("failed", "signature", At(4)), "violated", "contained", At(4), new CampaignMembership(campaign, "failed")),
            postures["p1"]);
        Assert.Equal(new DevicePosture(null, null, null, null, "unknown", "none", null, null), postures["p2"]);

        // Containment left and a passing check change the answer; one device alone reads the same.
        await StoreAsync(Reported("p1", 6, 0x0104, 5, "{\"2\":\"operator\"}"), Reported("p1", 7, 0x0102, 5, "{\"1\":0}"));
        var one = await Store.ListDevicePosturesAsync("p1", CancellationToken.None);
        Assert.Equal(("ok", "none"), (one["p1"].Integrity, one["p1"].Containment));
        Assert.Equal(["p1"], one.Keys);
    }
}
