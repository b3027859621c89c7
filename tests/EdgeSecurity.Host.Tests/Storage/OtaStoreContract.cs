using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Storage.Sql;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>The OTA tables' behaviour; run once per database (SQLite, PostgreSQL).</summary>
public abstract class OtaStoreContract : IAsyncLifetime
{
    private ITelemetryStore? _store;

    private IOtaStore Ota => (_store ?? throw new InvalidOperationException("Store not opened.")).Ota;

    /// <summary>The database under test, for the checks the store's interface cannot make (direct SQL).</summary>
    private protected abstract Task<SqlDialect> OpenDialectAsync();

    private SqlDialect? _dialect;

    public async Task InitializeAsync()
    {
        _dialect = await OpenDialectAsync();
        _store = new SqlTelemetryStore(_dialect);
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private static OtaAuditEntry Audit(string action, long at = 1) => new(at, "alice", action, "s", "d");

    private static OtaBundleRecord Bundle(string id, string by = "alice") => new(id, "00ff", "esp32", "1.2.3.0", 5, 2_000_000_000, 3, by, 10);

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-003")]
    public async Task Bundles_are_stored_once_by_content_id_and_read_back_byte_for_byte()
    {
        Assert.True(await Ota.AddBundleAsync(Bundle("aa"), [1, 2, 3], Audit("bundle.upload"), CancellationToken.None));
        Assert.False(await Ota.AddBundleAsync(Bundle("aa", by: "bob"), [1, 2, 3], Audit("bundle.upload"), CancellationToken.None));

        Assert.Equal(Bundle("aa"), await Ota.GetBundleAsync("aa", CancellationToken.None));
        Assert.Equal(new byte[] { 1, 2, 3 }, await Ota.GetBundleContentAsync("aa", CancellationToken.None));
        Assert.Single(await Ota.ListBundlesAsync(CancellationToken.None));
        Assert.Null(await Ota.GetBundleContentAsync("bb", CancellationToken.None));
        Assert.Equal(2, (await Ota.QueryAuditAsync(null, 10, CancellationToken.None)).Items.Count);
    }

    [Fact]
    public async Task Minimum_counters_default_to_zero_and_tags_are_replaced_as_a_whole()
    {
        Assert.Equal(0, await Ota.GetMinimumCounterAsync("esp32", CancellationToken.None));
        await Ota.SetMinimumCounterAsync("esp32", 7, Audit("minimum-counter.set"), CancellationToken.None);
        await Ota.SetMinimumCounterAsync("esp32", 9, Audit("minimum-counter.set"), CancellationToken.None);
        Assert.Equal(9, await Ota.GetMinimumCounterAsync("esp32", CancellationToken.None));
        Assert.Equal(9, (await Ota.ListMinimumCountersAsync(CancellationToken.None))["esp32"]);

        await Ota.SetDeviceTagsAsync("d1", ["lab", "eu"], Audit("device.tags"), CancellationToken.None);
        await Ota.SetDeviceTagsAsync("d2", ["eu"], Audit("device.tags"), CancellationToken.None);
        await Ota.SetDeviceTagsAsync("d1", ["canary"], Audit("device.tags"), CancellationToken.None);
        Assert.Equal(["canary"], await Ota.GetDeviceTagsAsync("d1", CancellationToken.None));
        var all = await Ota.ListDeviceTagsAsync(CancellationToken.None);
        Assert.Equal(["eu"], all["d2"]);
        await Ota.SetDeviceTagsAsync("d2", [], Audit("device.tags"), CancellationToken.None);
        Assert.Empty(await Ota.GetDeviceTagsAsync("d2", CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-012")]
    public async Task A_campaign_round_trips_and_a_save_from_a_stale_copy_is_refused()
    {
        var definition = new CampaignDefinition(0, CampaignKind.Bundle, "aa", "all devices", 2, MaintenanceWindow.Parse("22:00-04:00"), "alice", 100);
        var created = Campaign.Create(definition, WavePlan.Split<(string, string?)>([("d1", "esp32"), ("d2", "esp32"), ("d3", null)], ["1", "100%"]));
        var id = await Ota.InsertCampaignAsync(created, Audit("campaign.create"), CancellationToken.None);

        var first = (await Ota.GetCampaignAsync(id, CancellationToken.None))!;
        var second = (await Ota.GetCampaignAsync(id, CancellationToken.None))!;
        Assert.Equal(definition with { Id = id }, first.Definition);
        Assert.Equal([0, 1, 1], first.Devices.Select(d => d.Wave));
        Assert.Null(first.Devices[2].HardwareClass);
        Assert.Equal([id], await Ota.ListActiveCampaignIdsAsync(CancellationToken.None));
        Assert.Equal(id, await Ota.FindActiveCampaignAsync("d2", CancellationToken.None));

        Assert.True(first.RecordOffer("d1", 23 * 3_600_000).Applied);
        Assert.True(first.ApplyReport("d1", DeviceOtaState.Downloading, null, 3, 8, 23 * 3_600_000).Applied);
        Assert.True(await Ota.SaveCampaignAsync(first, null, CancellationToken.None));
        Assert.True(second.Pause("x").Applied);
        Assert.False(await Ota.SaveCampaignAsync(second, Audit("campaign.pause"), CancellationToken.None));

        var stored = (await Ota.GetCampaignAsync(id, CancellationToken.None))!;
        Assert.Equal(CampaignStatus.Running, stored.Status);
        Assert.Equal(new CampaignDevice("d1", "esp32", 0, DeviceOtaState.Downloading, null, 3, 8, 1, 23 * 3_600_000, 23 * 3_600_000), stored.Device("d1"));
        Assert.True(stored.Abort("stop").Applied);
        Assert.True(await Ota.SaveCampaignAsync(stored, Audit("campaign.abort"), CancellationToken.None));
        Assert.Empty(await Ota.ListActiveCampaignIdsAsync(CancellationToken.None));
        Assert.Null(await Ota.FindActiveCampaignAsync("d2", CancellationToken.None));
        Assert.Equal(CampaignStatus.Aborted, (await Ota.ListCampaignsAsync(CancellationToken.None)).Single().Status);
        Assert.Equal(["campaign.abort", "campaign.create"], (await Ota.QueryAuditAsync(null, 10, CancellationToken.None)).Items.Select(a => a.Action));
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-013")]
    public async Task The_audit_pages_newest_first_without_gaps()
    {
        for (var i = 1; i <= 7; i++)
        {
            await Ota.SetMinimumCounterAsync("c", i, Audit("a" + i, i), CancellationToken.None);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Ota.QueryAuditAsync(cursor, 3, CancellationToken.None);
            seen.AddRange(page.Items.Select(a => a.Action));
            Assert.All(page.Items, a => Assert.Equal("alice", a.Actor));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["a7", "a6", "a5", "a4", "a3", "a2", "a1"], seen);
        await Assert.ThrowsAsync<ArgumentException>(() => Ota.QueryAuditAsync("nope", 3, CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-013")]
    public async Task The_database_itself_refuses_to_change_or_delete_audit_entries()
    {
        await Ota.SetMinimumCounterAsync("c", 1, Audit("minimum-counter.set"), CancellationToken.None);
        await using var connection = await _dialect!.OpenAsync(CancellationToken.None);
        foreach (var sql in new[] { "UPDATE ota_audit SET actor = 'mallory'", "DELETE FROM ota_audit" })
        {
            await using var command = connection.Command(sql);
            var error = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal("alice", (await Ota.QueryAuditAsync(null, 10, CancellationToken.None)).Items.Single().Actor);
    }

    [Fact]
    public async Task Offer_sequences_strictly_increase_per_device_even_when_the_clock_goes_back()
    {
        var a1 = await Ota.NextOfferSequenceAsync("a", 1000, CancellationToken.None);
        var a2 = await Ota.NextOfferSequenceAsync("a", 1000, CancellationToken.None);
        var a3 = await Ota.NextOfferSequenceAsync("a", 500, CancellationToken.None);
        var a4 = await Ota.NextOfferSequenceAsync("a", 5000, CancellationToken.None);
        var b1 = await Ota.NextOfferSequenceAsync("b", 10, CancellationToken.None);
        Assert.Equal([1000L, 1001, 1002, 5000], new[] { a1, a2, a3, a4 });
        Assert.Equal(10, b1);
    }
}
