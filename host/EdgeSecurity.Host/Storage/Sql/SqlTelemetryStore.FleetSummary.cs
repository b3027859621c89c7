using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>
/// The fleet overview in one aggregate query: the database groups the devices by what decides their health
/// (revoked, contained, a new alert, seen recently, integrity violated), version and hardware class, so the host
/// reads a few dozen group rows rather than 10,000 devices. No part seeks the events table once per device
/// (decision 201): the integrity check's outcome is the row ingest keeps in device_integrity, containment is read
/// from the fleet's containment events (rare security events, one range of ix_events_type each) and "a new alert"
/// from the devices of the new alerts, each joined by device id.
/// </summary>
internal sealed partial class SqlTelemetryStore
{
    private static readonly string FleetSummarySql =
        "SELECT h.hardware_class, h.firmware_version, h.revoked, h.contained, h.new_alert, h.recent, h.violated, COUNT(*) " +
        "FROM (SELECT d.hardware_class, d.firmware_version, " +
        $"CASE WHEN d.status = {(int)DeviceStatus.Revoked} OR d.revoked_at IS NOT NULL THEN 1 ELSE 0 END AS revoked, " +
        "CASE WHEN COALESCE(entered.seq, -1) > COALESCE(released.seq, -1) THEN 1 ELSE 0 END AS contained, " +
        "CASE WHEN queued.device_id IS NULL THEN 0 ELSE 1 END AS new_alert, " +
        "CASE WHEN d.last_seen_at >= @silent THEN 1 ELSE 0 END AS recent, " +
        "COALESCE(i.violated, 0) AS violated " +
        "FROM devices d " +
        "LEFT JOIN device_integrity i ON i.device_id = d.device_id " +
        $"LEFT JOIN (SELECT e.device_id, MAX(e.seq) AS seq FROM events e WHERE e.type = {EventTypes.ContainmentEntered} GROUP BY e.device_id) entered ON entered.device_id = d.device_id " +
        $"LEFT JOIN (SELECT e.device_id, MAX(e.seq) AS seq FROM events e WHERE e.type = {EventTypes.ContainmentLeft} GROUP BY e.device_id) released ON released.device_id = d.device_id " +
        $"LEFT JOIN (SELECT DISTINCT a.device_id FROM alerts a WHERE a.status = {(int)AlertStatus.New}) queued ON queued.device_id = d.device_id) h " +
        "GROUP BY h.hardware_class, h.firmware_version, h.revoked, h.contained, h.new_alert, h.recent, h.violated";

    public async Task<FleetSummary> SummarizeFleetAsync(long silentBeforeMs, CancellationToken cancellationToken)
    {
        var byHealth = DeviceHealth.All.ToDictionary(h => h, _ => 0, StringComparer.Ordinal);
        var byVersion = new Dictionary<string, int>(StringComparer.Ordinal);
        var byClass = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ReadRowsAsync(
            connection,
            FleetSummarySql,
            c => c.With("@silent", silentBeforeMs),
            r =>
            {
                var count = checked((int)r.Int64(7));
                var health = DeviceHealth.Of(r.Int64(2) == 1, r.Int64(6) == 1, r.Int64(3) == 1, r.Int64(4) == 1, r.Int64(5) == 1);
                byHealth[health] += count;
                Add(byVersion, r.NullableString(1) ?? string.Empty, count);
                Add(byClass, r.NullableString(0) ?? string.Empty, count);
                total += count;
            },
            cancellationToken).ConfigureAwait(false);
        return new FleetSummary(total, byHealth, byVersion, byClass);
    }

    private static void Add(Dictionary<string, int> counts, string key, int count) =>
        counts[key] = counts.GetValueOrDefault(key) + count;
}
