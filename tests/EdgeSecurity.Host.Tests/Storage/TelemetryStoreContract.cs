using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Storage.Sql;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>The behaviour every telemetry store must have; run once per database (SQLite, PostgreSQL).</summary>
public abstract partial class TelemetryStoreContract : IAsyncLifetime
{
    private ITelemetryStore? _store;

    protected ITelemetryStore Store => _store ?? throw new InvalidOperationException("Store not opened.");

    protected abstract Task<ITelemetryStore> OpenStoreAsync();

    /// <summary>A dialect on the store's own database (to try what only SQL could do to it).</summary>
    private protected abstract SqlDialect DialectOfStore();

    /// <summary>A dialect on a second, empty database (schema upgrade tests).</summary>
    private protected abstract Task<SqlDialect> OpenEmptyDatabaseAsync();

    public async Task InitializeAsync()
    {
        _store = await OpenStoreAsync();
        await Store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    internal static SecurityEventRecord Event(string device, long seq, int type = 1, int severity = 3, long receivedAt = 1000) =>
        new(device, seq, 1, 1_700_000_000_000 + seq, true, seq * 10, type, "type" + type, severity, "{\"n\":" + seq + "}", [(byte)seq, 1, 2], [(byte)seq, 9], receivedAt + seq);

    [Fact]
    public async Task Migration_is_idempotent()
    {
        await Store.MigrateAsync(CancellationToken.None);
        await Store.MigrateAsync(CancellationToken.None);
        Assert.Empty((await Store.QueryEventsAsync(new EventQuery(), CancellationToken.None)).Items);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-STORE-001")]
    public async Task Storing_the_same_record_twice_changes_nothing()
    {
        var first = await Store.CommitAsync(new IngestBatch([Event("d1", 1), Event("d1", 2)], [new ChainHead("d1", 2, [2, 9])]), CancellationToken.None);
        var altered = Event("d1", 2) with { FieldsJson = "{\"n\":666}" };
        var again = await Store.CommitAsync(new IngestBatch([Event("d1", 1), altered], [new ChainHead("d1", 2, [2, 9])]), CancellationToken.None);

        Assert.Equal(new IngestCommitResult(2, 0), first);
        Assert.Equal(new IngestCommitResult(0, 2), again);
        var stored = await Store.GetEventAsync("d1", 2, CancellationToken.None);
        Assert.Equal("{\"n\":2}", stored!.FieldsJson);
        Assert.Equal(new byte[] { 2, 1, 2 }, stored.RawRecord);
        Assert.Equal(2, (await Store.QueryEventsAsync(new EventQuery(DeviceId: "d1"), CancellationToken.None)).Items.Count);
    }

    [Fact]
    public async Task Chain_head_only_moves_forward()
    {
        await Store.CommitAsync(new IngestBatch([], [new ChainHead("d1", 5, [5])]), CancellationToken.None);
        await Store.CommitAsync(new IngestBatch([], [new ChainHead("d1", 3, [3])]), CancellationToken.None);
        var head = await Store.GetChainHeadAsync("d1", CancellationToken.None);
        Assert.Equal(5, head!.Sequence);
        Assert.Equal(new byte[] { 5 }, head.Mac);
        Assert.Null(await Store.GetChainHeadAsync("unknown", CancellationToken.None));
    }

    [Fact]
    public async Task Event_queries_filter_and_page_newest_first_without_gaps_or_repeats()
    {
        var events = Enumerable.Range(1, 25).Select(i => Event(i % 2 == 0 ? "even" : "odd", i, type: i % 3, severity: i % 5)).ToArray();
        await Store.CommitAsync(new IngestBatch(events, []), CancellationToken.None);

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await Store.QueryEventsAsync(new EventQuery(DeviceId: "even", Cursor: cursor, Limit: 4), CancellationToken.None);
            seen.AddRange(page.Items.Select(e => e.Sequence));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(1, 25).Where(i => i % 2 == 0).Select(i => (long)i).Reverse(), seen);
        var severe = await Store.QueryEventsAsync(new EventQuery(MinSeverity: 4, Type: 0), CancellationToken.None);
        Assert.All(severe.Items, e => Assert.True(e.Severity >= 4 && e.Type == 0));
        Assert.Equal(events.Count(e => e.Severity >= 4 && e.Type == 0), severe.Items.Count);
        var window = await Store.QueryEventsAsync(new EventQuery(FromMs: 1005, ToMs: 1010), CancellationToken.None);
        Assert.Equal([9L, 8, 7, 6, 5], window.Items.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_bad_cursor_or_limit_is_a_clear_argument_error()
    {
        var cursor = await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryEventsAsync(new EventQuery(Cursor: "x'; DROP TABLE events"), CancellationToken.None));
        Assert.Contains("cursor", cursor.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryEventsAsync(new EventQuery(Limit: 0), CancellationToken.None));
    }

    [Fact]
    public async Task Devices_are_upserted_and_touched()
    {
        await Store.UpsertDeviceAsync(new DeviceRecord("d1", DeviceStatus.Active, "esp32-wroom", 10, null, null, null, null), CancellationToken.None);
        await Store.TouchDeviceAsync("d1", 50, heartbeat: false, CancellationToken.None);
        await Store.TouchDeviceAsync("d1", 60, heartbeat: true, CancellationToken.None);
        await Store.UpsertDeviceAsync(new DeviceRecord("d1", DeviceStatus.Revoked, "esp32-wroom", 10, null, null, null, 70), CancellationToken.None);

        var device = await Store.GetDeviceAsync("d1", CancellationToken.None);
        Assert.Equal(DeviceStatus.Revoked, device!.Status);
        Assert.Equal(60, device.LastSeenAtMs);
        Assert.Equal(60, device.LastHeartbeatAtMs);
        Assert.Equal(70, device.RevokedAtMs);
        Assert.Single(await Store.ListDevicesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_commit_records_when_devices_were_heard_from()
    {
        await Store.UpsertDeviceAsync(new DeviceRecord("d1", DeviceStatus.Active, "esp32", 10, null, null, null, null), CancellationToken.None);
        await Store.UpsertDeviceAsync(new DeviceRecord("d2", DeviceStatus.Active, "esp32", 10, null, null, null, null), CancellationToken.None);

        await Store.CommitAsync(new IngestBatch([Event("d1", 1)], [], [new DeviceTouch("d1", 40, Heartbeat: true), new DeviceTouch("d2", 45, Heartbeat: false)]), CancellationToken.None);

        var d1 = await Store.GetDeviceAsync("d1", CancellationToken.None);
        var d2 = await Store.GetDeviceAsync("d2", CancellationToken.None);
        Assert.Equal((40L, 40L), (d1!.LastSeenAtMs!.Value, d1.LastHeartbeatAtMs!.Value));
        Assert.Equal(45, d2!.LastSeenAtMs);
        Assert.Null(d2.LastHeartbeatAtMs);
    }

    [Fact]
    public async Task Alerts_link_their_events_and_change_status()
    {
        var id = await Store.InsertAlertAsync(new AlertRecord("integrity-violation", "d1", 5, "Integrity", "app.pe changed", AlertStatus.New, 1, 1, [7, 8]), CancellationToken.None);
        await Store.AddAlertEventsAsync(id, [8, 9], 2, CancellationToken.None);

        var open = await Store.FindOpenAlertAsync("d1", "integrity-violation", CancellationToken.None);
        Assert.Equal(id, open!.Id);
        Assert.Equal([7L, 8, 9], open.EventSequences);
        Assert.True(await Store.SetAlertStatusAsync(id, AlertStatus.Resolved, 3, CancellationToken.None));
        Assert.Null(await Store.FindOpenAlertAsync("d1", "integrity-violation", CancellationToken.None));
        Assert.False(await Store.SetAlertStatusAsync(id + 1000, AlertStatus.Resolved, 3, CancellationToken.None));
        var closed = await Store.QueryAlertsAsync(new AlertQuery(Status: AlertStatus.Resolved), CancellationToken.None);
        Assert.Equal(3, Assert.Single(closed.Items).UpdatedAtMs);
    }

    [Fact]
    public async Task Rejections_are_counted_by_reason()
    {
        await Store.RecordRejectionAsync(null, "malformed", 10, 1, 1, CancellationToken.None);
        await Store.RecordRejectionAsync("d1", "bad-mac", 10, 2, 1, CancellationToken.None);
        await Store.RecordRejectionAsync("d1", "bad-mac", 10, 3, 1, CancellationToken.None);
        Assert.Equal(2, await Store.CountRejectionsAsync("bad-mac", CancellationToken.None));
        Assert.Equal(3, await Store.CountRejectionsAsync(null, CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-STORE-001")]
    public async Task Concurrent_overlapping_deliveries_store_each_event_once()
    {
        var batches = Enumerable.Range(0, 8)
            .Select(w => new IngestBatch(Enumerable.Range(1, 200).Select(i => Event("dev", i)).ToArray(), [new ChainHead("dev", 200, [200])]))
            .ToArray();
        var results = await Task.WhenAll(batches.Select(b => Store.CommitAsync(b, CancellationToken.None)));

        Assert.Equal(200, results.Sum(r => r.Stored));
        Assert.Equal(8 * 200 - 200, results.Sum(r => r.Duplicates));
        var all = await Store.QueryEventsAsync(new EventQuery(DeviceId: "dev", Limit: 1000), CancellationToken.None);
        Assert.Equal(200, all.Items.Select(e => e.Sequence).Distinct().Count());
    }

    /// <summary>
    /// Host instances sharing one database commit overlapping batches of the same devices in whatever order their
    /// messages came (a batch and its resend, several devices per commit). On PostgreSQL, inserts of the same
    /// event rows in opposite device orders deadlocked (40P01) and the messages were not acked (cluster bench,
    /// decision 173's sequel): every commit must succeed and store each event once.
    /// </summary>
    [Fact]
    [Trait("Requirement", "SR-EVT-STORE-001")]
    public async Task Concurrent_commits_of_the_same_devices_in_opposite_orders_all_succeed_and_store_each_event_once()
    {
        for (var round = 0; round < 3; round++)
        {
            string[] devices = [$"r{round}-a", $"r{round}-b", $"r{round}-c"];
            var batches = Enumerable.Range(0, 4).Select(w =>
            {
                var order = w % 2 == 0 ? devices : devices.Reverse().ToArray();
                return new IngestBatch(
                    order.SelectMany(d => Enumerable.Range(1, 120).Select(i => Event(d, i))).ToArray(),
                    order.Select(d => new ChainHead(d, 120, [120])).ToArray());
            }).ToArray();

            var results = await Task.WhenAll(batches.Select(b => Store.CommitAsync(b, CancellationToken.None)));

            Assert.Equal(devices.Length * 120, results.Sum(r => r.Stored));
            foreach (var device in devices)
            {
                var stored = await Store.QueryEventsAsync(new EventQuery(DeviceId: device, Limit: 1000), CancellationToken.None);
                Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), stored.Items.Select(e => e.Sequence).Order());
            }
        }
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-STORE-001")]
    public async Task A_large_mixed_commit_stores_every_new_event_once_and_keeps_each_newest_head()
    {
        await Store.CommitAsync(new IngestBatch([Event("d2", 7)], [new ChainHead("d2", 7, [7])]), CancellationToken.None);
        // More rows than one multi-row statement holds, three devices interleaved, one already stored event,
        // and several heads per device in one commit (only the newest may win, none may move a head back).
        var events = Enumerable.Range(1, 150).SelectMany(i => new[] { Event("d1", i), Event("d2", i), Event("d3", i) }).ToList();
        var heads = new List<ChainHead> { new("d1", 150, [150]), new("d1", 20, [20]), new("d2", 150, [151]), new("d3", 3, [3]), new("d3", 150, [152]) };

        var result = await Store.CommitAsync(new IngestBatch(events, heads), CancellationToken.None);

        Assert.Equal(new IngestCommitResult(449, 1), result);
        Assert.Equal(new byte[] { 150 }, (await Store.GetChainHeadAsync("d1", CancellationToken.None))!.Mac);
        Assert.Equal(new byte[] { 151 }, (await Store.GetChainHeadAsync("d2", CancellationToken.None))!.Mac);
        Assert.Equal(150, (await Store.GetChainHeadAsync("d3", CancellationToken.None))!.Sequence);
        var d3 = await Store.QueryEventsAsync(new EventQuery(DeviceId: "d3", Limit: 1000), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 150).Select(i => (long)i), d3.Items.Select(e => e.Sequence).Order());
        var stored = await Store.GetEventAsync("d3", 77, CancellationToken.None);
        var expected = Event("d3", 77);
        Assert.Equal(expected with { Id = stored!.Id, RawRecord = stored.RawRecord, Mac = stored.Mac }, stored);
        Assert.Equal(expected.RawRecord, stored.RawRecord);
        Assert.Equal(expected.Mac, stored.Mac);
    }

    [Fact]
    public async Task Several_touches_of_one_device_in_a_commit_keep_the_latest_times()
    {
        await Store.UpsertDeviceAsync(new DeviceRecord("d1", DeviceStatus.Active, "esp32", 10, null, null, null, null), CancellationToken.None);

        await Store.CommitAsync(
            new IngestBatch([], [], [new DeviceTouch("d1", 50, Heartbeat: true), new DeviceTouch("d1", 70, Heartbeat: false), new DeviceTouch("d1", 60, Heartbeat: true)]),
            CancellationToken.None);

        var d1 = await Store.GetDeviceAsync("d1", CancellationToken.None);
        Assert.Equal((70L, 60L), (d1!.LastSeenAtMs!.Value, d1.LastHeartbeatAtMs!.Value));
    }

    [Fact]
    public async Task Ping_succeeds_on_a_reachable_database()
    {
        await Store.PingAsync(CancellationToken.None);
        await Store.RecordRejectionAsync(null, "malformed", 10, 1, 1, CancellationToken.None);
        await Store.PingAsync(CancellationToken.None);
        Assert.Equal(1, await Store.CountRejectionsAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task A_version_1_database_is_upgraded_in_place_and_keeps_its_data()
    {
        var dialect = await OpenEmptyDatabaseAsync();
        await using (var connection = await dialect.OpenAsync(CancellationToken.None))
        {
            string[] version1 =
            [
                "CREATE TABLE schema_version (version INTEGER NOT NULL)",
                dialect.Migrations[0],
                "INSERT INTO schema_version (version) VALUES (1)",
                "INSERT INTO devices (device_id, status, hardware_class, enrolled_at, firmware_version) VALUES ('old', 0, 'esp32', 10, 'factory')",
            ];
            foreach (var sql in version1)
            {
                await using var command = connection.Command(sql);
                await command.ExecuteNonQueryAsync();
            }
        }

        await using var store = new SqlTelemetryStore(dialect);
        await store.MigrateAsync(CancellationToken.None);

        Assert.Equal("factory", (await store.GetDeviceAsync("old", CancellationToken.None))!.FirmwareVersion);
        Assert.True(await store.SetFirmwareVersionAsync("old", "1.0", 1, CancellationToken.None));
        Assert.Equal("1.0", (await store.GetDeviceAsync("old", CancellationToken.None))!.FirmwareVersion);
        Assert.Empty(await store.FindUnexplainedGapsAsync("old", CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-006")]
    public async Task A_gap_is_explained_once_and_its_alert_resolved_only_when_no_hole_is_left()
    {
        var id = await Store.InsertAlertAsync(new AlertRecord("chain-gap", "d1", 3, "Gap", "d", AlertStatus.New, 1, 1, [5]), CancellationToken.None);
        await Store.RecordAlertGapAsync(new AlertGap(id, 3, 4), CancellationToken.None);
        await Store.RecordAlertGapAsync(new AlertGap(id, 3, 4), CancellationToken.None);
        await Store.RecordAlertGapAsync(new AlertGap(id, 7, 7), CancellationToken.None);
        var gaps = await Store.FindUnexplainedGapsAsync("d1", CancellationToken.None);
        Assert.Equal([new AlertGap(id, 3, 4), new AlertGap(id, 7, 7)], gaps);
        Assert.Empty(await Store.FindUnexplainedGapsAsync("d2", CancellationToken.None));

        Assert.False(await Store.ExplainAlertGapAsync(gaps[0], 9, "; a", 20, CancellationToken.None));
        Assert.False(await Store.ExplainAlertGapAsync(gaps[0], 10, "; again", 21, CancellationToken.None));
        var halfway = Assert.Single((await Store.QueryAlertsAsync(new AlertQuery(), CancellationToken.None)).Items);
        Assert.Equal((AlertStatus.New, "d; a", 20L), (halfway.Status, halfway.Detail, halfway.UpdatedAtMs));
        Assert.Equal([5L, 9], halfway.EventSequences);
        Assert.Equal([new AlertGap(id, 7, 7)], await Store.FindUnexplainedGapsAsync("d1", CancellationToken.None));

        Assert.True(await Store.ExplainAlertGapAsync(gaps[1], 11, "; b", 22, CancellationToken.None));
        var resolved = Assert.Single((await Store.QueryAlertsAsync(new AlertQuery(Status: AlertStatus.Resolved), CancellationToken.None)).Items);
        Assert.Equal((id, "d; a; b"), (resolved.Id, resolved.Detail));
        Assert.Empty(await Store.FindUnexplainedGapsAsync("d1", CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-007")]
    public async Task Only_open_or_acknowledged_alerts_are_active_and_resolvable()
    {
        var open = await Store.InsertAlertAsync(new AlertRecord("silent-device", "d1", 2, "Silent", "quiet", AlertStatus.New, 1, 1, []), CancellationToken.None);
        var acknowledged = await Store.InsertAlertAsync(new AlertRecord("silent-device", "d1", 2, "Silent", "quiet", AlertStatus.Acknowledged, 1, 1, []), CancellationToken.None);
        var closed = await Store.InsertAlertAsync(new AlertRecord("silent-device", "d1", 2, "Silent", "quiet", AlertStatus.Resolved, 1, 1, []), CancellationToken.None);
        await Store.InsertAlertAsync(new AlertRecord("silent-device", "d2", 2, "Silent", "quiet", AlertStatus.New, 1, 1, []), CancellationToken.None);
        await Store.InsertAlertAsync(new AlertRecord("replay", "d1", 2, "Replay", "r", AlertStatus.New, 1, 1, []), CancellationToken.None);

        var active = await Store.FindActiveAlertsAsync("d1", "silent-device", CancellationToken.None);
        Assert.Equal([acknowledged, open], active.Select(a => a.Id));

        Assert.True(await Store.ResolveAlertAsync(open, "; back", 9, CancellationToken.None));
        Assert.False(await Store.ResolveAlertAsync(open, "; back", 10, CancellationToken.None));
        Assert.False(await Store.ResolveAlertAsync(closed, "; back", 10, CancellationToken.None));
        var all = (await Store.QueryAlertsAsync(new AlertQuery(DeviceId: "d1", Rule: "silent-device"), CancellationToken.None)).Items.ToDictionary(a => a.Id);
        Assert.Equal((AlertStatus.Resolved, "quiet; back", 9L), (all[open].Status, all[open].Detail, all[open].UpdatedAtMs));
        Assert.Equal((AlertStatus.Resolved, "quiet", 1L), (all[closed].Status, all[closed].Detail, all[closed].UpdatedAtMs));
        Assert.Equal([acknowledged], (await Store.FindActiveAlertsAsync("d1", "silent-device", CancellationToken.None)).Select(a => a.Id));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-008")]
    public async Task The_firmware_version_only_moves_to_a_newer_boot_event()
    {
        await Store.UpsertDeviceAsync(new DeviceRecord("d1", DeviceStatus.Active, "esp32", 10, null, null, null, null), CancellationToken.None);

        Assert.True(await Store.SetFirmwareVersionAsync("d1", "2.0", 10, CancellationToken.None));
        Assert.False(await Store.SetFirmwareVersionAsync("d1", "1.9", 7, CancellationToken.None));
        Assert.False(await Store.SetFirmwareVersionAsync("d1", "2.0-again", 10, CancellationToken.None));
        Assert.False(await Store.SetFirmwareVersionAsync("unknown", "1.0", 1, CancellationToken.None));
        await Store.UpsertDeviceAsync(new DeviceRecord("d1", DeviceStatus.Active, "esp32", 10, null, null, null, null), CancellationToken.None);

        Assert.Equal("2.0", (await Store.GetDeviceAsync("d1", CancellationToken.None))!.FirmwareVersion);
        Assert.Null(await Store.GetDeviceAsync("unknown", CancellationToken.None));
    }
}
