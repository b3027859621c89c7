using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Alerts;

/// <summary>The alert lifecycle through a whole running host (mosquitto, TLS, ingest, store), once per database.</summary>
public abstract class HostAlertLifecycleContract(TestFleet fleet) : RunningHostContract(fleet)
{
    private async Task<AlertRecord> SingleAlertAsync(string rule) =>
        Assert.Single((await Store.QueryAlertsAsync(new AlertQuery(DeviceId: "dev-a", Rule: rule), CancellationToken.None)).Items);

    [Fact]
    [Trait("Requirement", "SR-ALERT-006")]
    [Trait("Requirement", "SR-ALERT-008")]
    public async Task A_gap_accepted_on_the_completeness_statement_is_resolved_by_the_later_drop_report_and_the_boot_sets_the_version()
    {
        var journal = new SimulatedJournal("dev-a", Fleet.EventKey("dev-a"));
        journal.Append(SecurityEvents.BootVerification(0, "Verified", "b", "3.1.0", string.Empty, 4));
        journal.AppendHeartbeats(4);
        await using var device = await DeviceConnection.ConnectAsync(Fleet, "dev-a", Host.BrokerPort);
        await device.SendAsync(journal.Batch(1, 1, 2));

        var accepted = await device.SendAsync(journal.CompleteBatch(2, coveredFrom: 3, [4, 5]));
        Assert.Equal((AckStatus.Stored, 5L), (accepted.Status, accepted.AckedThrough));
        Assert.Equal(AlertStatus.New, (await SingleAlertAsync(DefaultAlertRules.ChainGap)).Status);

        var report = journal.Append(SecurityEvents.RecordsDropped(0, 1, 3, 3, 0, 1, "journal full")).Sequence;
        await device.SendAsync(journal.Batch(3, report));

        var gap = await SingleAlertAsync(DefaultAlertRules.ChainGap);
        Assert.Equal(AlertStatus.Resolved, gap.Status);
        Assert.Equal([4L, report], gap.EventSequences);
        Assert.Equal([report], (await SingleAlertAsync(DefaultAlertRules.JournalDrops)).EventSequences);
        Assert.Equal("3.1.0", (await Store.GetDeviceAsync("dev-a", CancellationToken.None))!.FirmwareVersion);
    }
}
