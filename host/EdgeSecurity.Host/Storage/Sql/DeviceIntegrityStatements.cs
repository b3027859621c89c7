using System.Data.Common;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>
/// Keeps device_integrity (each device's newest integrity check and whether it reported a violation) in step with
/// the events an ingest batch stores, in the batch's transaction, so the fleet summary need not seek the events
/// table once per device (decision 201). Newest is the highest device sequence, as for the posture: a late, older
/// check never replaces a newer one.
/// </summary>
internal static class DeviceIntegrityStatements
{
    /// <summary>The posture's rule: an integrity check is ok when its result code is the integer 0, else violated.</summary>
    public static bool Violated(string fieldsJson) => StoredEventFields.Number(fieldsJson, EventFieldIds.Outcome.ResultCode) != 0;

    public static async Task RecordAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SecurityEventRecord> events, CancellationToken cancellationToken)
    {
        // In device id order, as the other per-device writes of a batch, so that host instances sharing one database
        // lock the rows in the same order.
        var newest = events
            .Where(e => e.Type == EventTypes.IntegrityCheck)
            .GroupBy(e => e.DeviceId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(e => e.Sequence)!)
            .OrderBy(e => e.DeviceId, StringComparer.Ordinal)
            .ToList();
        if (newest.Count == 0)
        {
            return;
        }

        await using var upsert = connection.Command(
            "INSERT INTO device_integrity (device_id, seq, violated) VALUES (@d, @s, @v) " +
            "ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, violated = excluded.violated WHERE excluded.seq > device_integrity.seq",
            transaction).With("@d", null).With("@s", null).With("@v", null);
        foreach (var check in newest)
        {
            upsert.Set("@d", check.DeviceId);
            upsert.Set("@s", check.Sequence);
            upsert.Set("@v", Violated(check.FieldsJson) ? 1L : 0L);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
