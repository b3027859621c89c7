using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>
/// The fleet overview in one statement of two parts (one snapshot). The first groups every device by what the
/// device row alone decides (hardware class, version, revoked, seen recently): a scan of the devices, no join. The
/// second lists the few devices that have a reason to be compromised or need attention (a violated newest integrity
/// check, kept by ingest in device_integrity; a containment event; a new alert), each with all its flags, joined
/// from those few sets; the host moves each of them from the health its row gave to the health its flags
/// give. Nothing is read per device from the events table for the whole fleet (decision 201).
/// </summary>
internal sealed partial class SqlTelemetryStore
{
    private static readonly string DeviceRowFlags =
        $"CASE WHEN d.status = {(int)DeviceStatus.Revoked} OR d.revoked_at IS NOT NULL THEN 1 ELSE 0 END, " +
        "CASE WHEN d.last_seen_at >= @silent THEN 1 ELSE 0 END";

    // The flagged devices' flags come from joins, not from subqueries per row: PostgreSQL prices a correlated
    // subquery per estimated flagged device, and a long alert queue then lifts the estimate over its JIT threshold
    // (0.7-1.3 s of compilation, as the first summary suffered).
    private static readonly string FleetSummarySql =
        $"WITH queued AS (SELECT DISTINCT a.device_id FROM alerts a WHERE a.status = {(int)AlertStatus.New}) " +
        $"SELECT 0, d.hardware_class, d.firmware_version, {DeviceRowFlags}, 0, 0, 0, COUNT(*) FROM devices d GROUP BY d.hardware_class, d.firmware_version, 4, 5 " +
        $"UNION ALL SELECT 1, d.hardware_class, d.firmware_version, {DeviceRowFlags}, COALESCE(i.violated, 0), " +
        "CASE WHEN COALESCE(entered.seq, -1) > COALESCE(released.seq, -1) THEN 1 ELSE 0 END, CASE WHEN q.device_id IS NULL THEN 0 ELSE 1 END, 1 " +
        "FROM (SELECT f.device_id FROM device_integrity f WHERE f.violated = 1 " +
        $"UNION SELECT e.device_id FROM events e WHERE e.type = {EventTypes.ContainmentEntered} " +
        "UNION SELECT queued.device_id FROM queued) flagged " +
        "JOIN devices d ON d.device_id = flagged.device_id " +
        "LEFT JOIN device_integrity i ON i.device_id = d.device_id " +
        $"LEFT JOIN (SELECT e.device_id, MAX(e.seq) AS seq FROM events e WHERE e.type = {EventTypes.ContainmentEntered} GROUP BY e.device_id) entered ON entered.device_id = d.device_id " +
        $"LEFT JOIN (SELECT e.device_id, MAX(e.seq) AS seq FROM events e WHERE e.type = {EventTypes.ContainmentLeft} GROUP BY e.device_id) released ON released.device_id = d.device_id " +
        "LEFT JOIN queued q ON q.device_id = d.device_id";

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
                var revoked = r.Int64(3) == 1;
                var recent = r.Int64(4) == 1;
                var byRow = DeviceHealth.Of(revoked, false, false, false, recent);
                if (r.Int64(0) == 0)
                {
                    // A group of devices, counted under the health their rows give, by version and by class.
                    var count = checked((int)r.Int64(8));
                    byHealth[byRow] += count;
                    Add(byVersion, r.NullableString(2) ?? string.Empty, count);
                    Add(byClass, r.NullableString(1) ?? string.Empty, count);
                    total += count;
                }
                else
                {
                    // One flagged device, already counted in its group: moved to the health its flags give.
                    byHealth[byRow]--;
                    byHealth[DeviceHealth.Of(revoked, r.Int64(5) == 1, r.Int64(6) == 1, r.Int64(7) == 1, recent)]++;
                }
            },
            cancellationToken).ConfigureAwait(false);
        return new FleetSummary(total, byHealth, byVersion, byClass);
    }

    private static void Add(Dictionary<string, int> counts, string key, int count) =>
        counts[key] = counts.GetValueOrDefault(key) + count;
}
