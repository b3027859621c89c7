using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Storage.Sql;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>The fleet overview's counts from one aggregate query equal the health each device's own posture gives.</summary>
public abstract partial class TelemetryStoreContract
{
    private const long SummaryNow = 1_800_000_000_000;
    private const long SilentBefore = SummaryNow - (5 * 60_000);

    [Fact]
    [Trait("Requirement", "SR-WEB-010")]
    public async Task Fleet_summary_counts_each_device_once_under_the_first_health_that_applies()
    {
        // Worked out by hand: revoked wins over everything, compromised (integrity violated or contained) over an
        // alert, a new alert over silence; an acknowledged alert and containment left again count for nothing.
        var fleet = new (string Id, string? Class, string? Version, long? SeenAt, bool Revoked, string Expected)[]
        {
            ("a-healthy", "esp32", "1.0.0", SummaryNow, false, DeviceHealth.Healthy),
            ("b-healthy-ok-check", "esp32", "1.1.0", SummaryNow, false, DeviceHealth.Healthy),
            ("c-violated", "esp32", "1.0.0", SummaryNow, false, DeviceHealth.Compromised),
            ("d-contained", "s3", "1.1.0", null, false, DeviceHealth.Compromised),
            ("e-released", "s3", "1.1.0", SummaryNow, false, DeviceHealth.Healthy),
            ("f-new-alert", "s3", null, SilentBefore - 1, false, DeviceHealth.Attention),
            ("g-acknowledged", null, "1.0.0", SummaryNow, false, DeviceHealth.Healthy),
            ("h-silent", "esp32", "1.0.0", SilentBefore - 1, false, DeviceHealth.Silent),
            ("i-never-seen", "esp32", null, null, false, DeviceHealth.Silent),
            ("j-revoked-violated", "esp32", "1.0.0", SummaryNow, true, DeviceHealth.Revoked),
            ("k-seen-at-threshold", "esp32", "1.0.0", SilentBefore, false, DeviceHealth.Healthy),
            ("l-violated-then-ok", "esp32", "1.0.0", SummaryNow, false, DeviceHealth.Healthy),
        };
        await StoreAsync(
            Reported("b-healthy-ok-check", 1, EventTypes.IntegrityCheck, 0, "{\"1\":0}"),
            Reported("c-violated", 1, EventTypes.IntegrityCheck, 0, "{\"1\":0}"),
            Reported("c-violated", 2, EventTypes.IntegrityCheck, 1, "{\"1\":5,\"3\":\"app\"}"),
            Reported("d-contained", 1, EventTypes.ContainmentEntered, 0, "{}"),
            Reported("e-released", 1, EventTypes.ContainmentEntered, 0, "{}"),
            Reported("e-released", 2, EventTypes.ContainmentLeft, 1, "{}"),
            Reported("j-revoked-violated", 1, EventTypes.IntegrityCheck, 0, "{\"1\":7}"),
            Reported("l-violated-then-ok", 1, EventTypes.IntegrityCheck, 0, "{\"1\":7}"),
            Reported("l-violated-then-ok", 2, EventTypes.IntegrityCheck, 1, "{\"1\":0}"));
        foreach (var d in fleet)
        {
            await Store.UpsertDeviceAsync(
                new DeviceRecord(d.Id, d.Revoked ? DeviceStatus.Revoked : DeviceStatus.Active, d.Class, 10, d.SeenAt, null, d.Version, d.Revoked ? 20 : null), CancellationToken.None);
        }

        await Store.InsertAlertAsync(new AlertRecord("r", "f-new-alert", 3, "t", "d", AlertStatus.New, 1, 1, []), CancellationToken.None);
        await Store.InsertAlertAsync(new AlertRecord("r", "g-acknowledged", 3, "t", "d", AlertStatus.Acknowledged, 1, 1, []), CancellationToken.None);
        await Store.InsertAlertAsync(new AlertRecord("r", "a-healthy", 3, "t", "d", AlertStatus.Resolved, 1, 1, []), CancellationToken.None);

        var summary = await Store.SummarizeFleetAsync(SilentBefore, CancellationToken.None);

        Assert.Equal(fleet.Length, summary.Devices);
        foreach (var health in DeviceHealth.All)
        {
            Assert.Equal(fleet.Count(d => d.Expected == health), summary.ByHealth[health]);
        }

        Assert.Equal(new Dictionary<string, int> { ["1.0.0"] = 7, ["1.1.0"] = 3, [string.Empty] = 2 }, summary.ByVersion);
        Assert.Equal(new Dictionary<string, int> { ["esp32"] = 8, ["s3"] = 3, [string.Empty] = 1 }, summary.ByHardwareClass);

        // The same health from the posture the device list shows, device by device.
        var postures = await Store.ListDevicePosturesAsync(null, CancellationToken.None);
        foreach (var d in fleet)
        {
            var p = postures[d.Id];
            Assert.Equal(d.Expected, DeviceHealth.Of(d.Revoked, p.Integrity == "violated", p.Containment == "contained", d.Id == "f-new-alert", p.LastSeenAtMs >= SilentBefore));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-010")]
    public async Task Fleet_summary_takes_the_newest_integrity_check_by_sequence_whatever_the_arrival_order()
    {
        // The integrity outcome the summary reads is kept by ingest (decision 201): a late, older check, a duplicate
        // and a batch holding several checks of one device must leave it where the posture, read from the events, is.
        foreach (var id in new[] { "late-old-violation", "late-old-ok", "batch-of-three", "duplicate", "missing-code" })
        {
            await Store.UpsertDeviceAsync(new DeviceRecord(id, DeviceStatus.Active, "esp32", 10, SummaryNow, null, "1.0.0", null), CancellationToken.None);
        }

        await StoreAsync(Reported("late-old-violation", 5, EventTypes.IntegrityCheck, 0, "{\"1\":0}"));
        await StoreAsync(Reported("late-old-violation", 3, EventTypes.IntegrityCheck, 1, "{\"1\":9}"));
        await StoreAsync(Reported("late-old-ok", 5, EventTypes.IntegrityCheck, 0, "{\"1\":4}"));
        await StoreAsync(Reported("late-old-ok", 2, EventTypes.IntegrityCheck, 1, "{\"1\":0}"));
        await StoreAsync(
            Reported("batch-of-three", 2, EventTypes.IntegrityCheck, 0, "{\"1\":0}"),
            Reported("batch-of-three", 4, EventTypes.IntegrityCheck, 0, "{\"1\":3}"),
            Reported("batch-of-three", 3, EventTypes.IntegrityCheck, 0, "{\"1\":0}"));
        await StoreAsync(Reported("duplicate", 1, EventTypes.IntegrityCheck, 0, "{\"1\":0}"));
        await StoreAsync(Reported("duplicate", 1, EventTypes.IntegrityCheck, 0, "{\"1\":0}"));
        await StoreAsync(Reported("missing-code", 1, EventTypes.IntegrityCheck, 0, "{\"3\":\"app\"}"));

        var summary = await Store.SummarizeFleetAsync(SilentBefore, CancellationToken.None);

        var postures = await Store.ListDevicePosturesAsync(null, CancellationToken.None);
        Assert.Equal(
            new[] { ("batch-of-three", "violated"), ("duplicate", "ok"), ("late-old-ok", "violated"), ("late-old-violation", "ok"), ("missing-code", "violated") },
            postures.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Integrity)));
        Assert.Equal(3, summary.ByHealth[DeviceHealth.Compromised]);
        Assert.Equal(2, summary.ByHealth[DeviceHealth.Healthy]);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(2026)]
    [Trait("Requirement", "SR-WEB-010")]
    public async Task Fleet_summary_equals_the_health_of_each_device_over_random_fleets_and_arrival_orders(int seed)
    {
        // Random fleets, grown in three rounds with the summary checked after each: integrity checks with random
        // results stored in random batches and orders (late, older ones included), containment entered and left,
        // alerts in every status, random last-seen times, revocations. The expected counts come from each device's
        // posture (read from the events), its alerts and its row, device by device.
        var random = new Random(seed);
        var newAlerts = new HashSet<string>(StringComparer.Ordinal);
        var devices = new List<(string Id, string? Class, string? Version, long? SeenAt, bool Revoked)>();
        string[] classes = ["esp32", "s3", "c3"];
        string?[] versions = ["1.0.0", "1.1.0", null];
        for (var round = 0; round < 3; round++)
        {
            var events = new List<SecurityEventRecord>();
            for (var n = 0; n < 25; n++)
            {
                var id = $"r{round}-d{n:D2}";
                var device = (id, random.Next(4) == 0 ? null : classes[random.Next(classes.Length)], versions[random.Next(versions.Length)],
                    random.Next(5) switch { 0 => (long?)null, 1 => SilentBefore - 1, _ => SummaryNow }, random.Next(8) == 0);
                devices.Add(device);
                await Store.UpsertDeviceAsync(
                    new DeviceRecord(id, device.Item5 ? DeviceStatus.Revoked : DeviceStatus.Active, device.Item2, 10, device.Item4, null, device.Item3, device.Item5 ? 20 : null),
                    CancellationToken.None);
                var sequences = Enumerable.Range(1, random.Next(0, 7)).OrderBy(_ => random.Next()).ToList();
                foreach (var seq in sequences)
                {
                    events.Add(random.Next(6) switch
                    {
                        0 => Reported(id, seq, EventTypes.ContainmentEntered, 0, "{}"),
                        1 => Reported(id, seq, EventTypes.ContainmentLeft, 0, "{}"),
                        2 => Reported(id, seq, EventTypes.Heartbeat, 0, "{}"),
                        _ => Reported(id, seq, EventTypes.IntegrityCheck, 0, random.Next(3) == 0 ? "{\"1\":5}" : "{\"1\":0}"),
                    });
                }

                foreach (var status in Enumerable.Range(0, random.Next(3)).Select(_ => (AlertStatus)new[] { 0, 1, 3, 4 }[random.Next(4)]))
                {
                    await Store.InsertAlertAsync(new AlertRecord("r", id, 3, "t", "d", status, 1, 1, []), CancellationToken.None);
                    if (status == AlertStatus.New)
                    {
                        newAlerts.Add(id);
                    }
                }
            }

            // Stored in random batches, so a device's newer check may come before an older one.
            var shuffled = events.OrderBy(_ => random.Next()).ToList();
            for (var start = 0; start < shuffled.Count; start += 7)
            {
                await StoreAsync([.. shuffled.Skip(start).Take(7)]);
            }

            var summary = await Store.SummarizeFleetAsync(SilentBefore, CancellationToken.None);
            var postures = await Store.ListDevicePosturesAsync(null, CancellationToken.None);
            var expected = devices.Select(d => DeviceHealth.Of(
                d.Revoked, postures[d.Id].Integrity == "violated", postures[d.Id].Containment == "contained", newAlerts.Contains(d.Id), d.SeenAt >= SilentBefore)).ToList();
            Assert.Equal(devices.Count, summary.Devices);
            Assert.Equal(DeviceHealth.All.Select(h => (h, expected.Count(e => e == h))), DeviceHealth.All.Select(h => (h, summary.ByHealth[h])));
            Assert.Equal(devices.GroupBy(d => d.Version ?? string.Empty).ToDictionary(g => g.Key, g => g.Count()), summary.ByVersion);
            Assert.Equal(devices.GroupBy(d => d.Class ?? string.Empty).ToDictionary(g => g.Key, g => g.Count()), summary.ByHardwareClass);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-010")]
    public async Task Integrity_outcomes_of_a_database_from_before_the_summary_table_are_filled_by_the_migration()
    {
        // A database whose events were stored before ingest kept device_integrity: the migration fills it from the
        // stored events with the posture's rule (the integer 0 is ok; another number, a string or no code is violated).
        var dialect = await OpenEmptyDatabaseAsync();
        var added = dialect.Migrations.Select((sql, i) => (sql, i)).Single(m => m.sql.Contains("CREATE TABLE device_integrity", StringComparison.Ordinal)).i;
        var checks = new (string Device, long Seq, string Fields)[]
        {
            ("ok-newest", 1, "{\"1\":4}"), ("ok-newest", 2, "{\"1\":0}"),
            ("violated-newest", 1, "{\"1\":0}"), ("violated-newest", 3, "{\"1\":2,\"3\":\"app\"}"),
            ("text-code", 1, "{\"1\":\"0\"}"), ("real-code", 1, "{\"1\":0.5}"), ("no-code", 1, "{}"),
        };
        await using (var connection = await dialect.OpenAsync(CancellationToken.None))
        {
            var before = new List<string> { "CREATE TABLE schema_version (version INTEGER NOT NULL)" };
            before.AddRange(dialect.Migrations.Take(added));
            before.Add($"INSERT INTO schema_version (version) VALUES ({added})");
            foreach (var sql in before)
            {
                await using var command = connection.Command(sql);
                await command.ExecuteNonQueryAsync();
            }

            foreach (var (device, seq, fields) in checks.Append(("heartbeat-only", 1, "{\"1\":7}")))
            {
                var type = device == "heartbeat-only" ? EventTypes.Heartbeat : EventTypes.IntegrityCheck;
                await using var insert = connection.Command(
                    "INSERT INTO events (device_id, seq, boot_counter, device_time_ms, time_trusted, uptime_ms, type, type_name, severity, fields_json, raw_record, mac, received_at) " +
                    "VALUES (@d, @s, 1, 1, 1, 1, @t, 'x', 0, @f, @b, @b, 1)")
                    .With("@d", device).With("@s", seq).With("@t", (long)type).With("@f", fields).With("@b", new byte[] { 1 });
                await insert.ExecuteNonQueryAsync();
            }
        }

        await using var store = new SqlTelemetryStore(dialect);
        await store.MigrateAsync(CancellationToken.None);
        foreach (var device in checks.Select(c => c.Device).Append("heartbeat-only").Distinct())
        {
            await store.UpsertDeviceAsync(new DeviceRecord(device, DeviceStatus.Active, "esp32", 10, SummaryNow, null, "1.0.0", null), CancellationToken.None);
        }

        var summary = await store.SummarizeFleetAsync(SilentBefore, CancellationToken.None);
        var postures = await store.ListDevicePosturesAsync(null, CancellationToken.None);

        Assert.Equal(4, summary.ByHealth[DeviceHealth.Compromised]);
        Assert.Equal(2, summary.ByHealth[DeviceHealth.Healthy]);
        Assert.Equal(4, postures.Values.Count(p => p.Integrity == "violated"));
        Assert.Equal(["no-code", "real-code", "text-code", "violated-newest"], postures.Where(p => p.Value.Integrity == "violated").Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-010")]
    public async Task Fleet_summary_of_an_empty_fleet_is_all_zero()
    {
        var summary = await Store.SummarizeFleetAsync(SilentBefore, CancellationToken.None);

        Assert.Equal(0, summary.Devices);
        Assert.All(DeviceHealth.All, h => Assert.Equal(0, summary.ByHealth[h]));
        Assert.Empty(summary.ByVersion);
        Assert.Empty(summary.ByHardwareClass);
    }
}
