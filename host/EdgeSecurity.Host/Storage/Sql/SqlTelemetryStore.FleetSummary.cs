using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>
/// The fleet overview in one aggregate query: the database groups the devices by what decides their health
/// (revoked, contained, a new alert, seen recently, the newest integrity check's fields), version and hardware
/// class, so the host reads a few dozen group rows rather than 10,000 devices. Only the integrity check's
/// result is read here, from each distinct stored fields JSON, because reading JSON differs between the dialects.
/// Every per-device part is a correlated subquery that seeks an index: a join of the events table by id let
/// PostgreSQL's planner choose a hash join over all its rows (about a second at a million events).
/// </summary>
internal sealed partial class SqlTelemetryStore
{
    private static readonly string FleetSummarySql =
        "SELECT h.hardware_class, h.firmware_version, h.revoked, h.contained, h.new_alert, h.recent, h.integrity_fields, COUNT(*) " +
        "FROM (SELECT d.hardware_class, d.firmware_version, " +
        $"CASE WHEN d.status = {(int)DeviceStatus.Revoked} OR d.revoked_at IS NOT NULL THEN 1 ELSE 0 END AS revoked, " +
        $"CASE WHEN COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.device_id = d.device_id AND e.type = {EventTypes.ContainmentEntered}), -1) > " +
        $"COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.device_id = d.device_id AND e.type = {EventTypes.ContainmentLeft}), -1) THEN 1 ELSE 0 END AS contained, " +
        $"CASE WHEN EXISTS (SELECT 1 FROM alerts a WHERE a.device_id = d.device_id AND a.status = {(int)AlertStatus.New}) THEN 1 ELSE 0 END AS new_alert, " +
        "CASE WHEN d.last_seen_at >= @silent THEN 1 ELSE 0 END AS recent, " +
        $"(SELECT e.fields_json FROM events e WHERE e.device_id = d.device_id AND e.type = {EventTypes.IntegrityCheck} ORDER BY e.seq DESC LIMIT 1) AS integrity_fields " +
        "FROM devices d) h " +
        "GROUP BY h.hardware_class, h.firmware_version, h.revoked, h.contained, h.new_alert, h.recent, h.integrity_fields";

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
                var integrityFields = r.NullableString(6);
                var violated = integrityFields is not null && StoredEventFields.Number(integrityFields, EventFieldIds.Outcome.ResultCode) != 0;
                var health = DeviceHealth.Of(r.Int64(2) == 1, violated, r.Int64(3) == 1, r.Int64(4) == 1, r.Int64(5) == 1);
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
