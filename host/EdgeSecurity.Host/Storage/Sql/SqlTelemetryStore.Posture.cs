using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>
/// Device posture in one query: each part is the device's newest event of a type, found by a seek on
/// ix_events_device_type (device, type, seq), or its newest campaign row; no query per device.
/// </summary>
internal sealed partial class SqlTelemetryStore
{
    private static readonly string PostureSql =
        "SELECT d.device_id, d.firmware_version, d.last_seen_at, run.fields_json, " +
        "(SELECT MIN(b.bundle_id) FROM ota_bundles b WHERE b.hardware_class = d.hardware_class AND b.version = d.firmware_version), " +
        "boot.fields_json, boot.received_at, integ.fields_json, " +
        $"(SELECT MAX(e.seq) FROM events e WHERE e.device_id = d.device_id AND e.type = {EventTypes.ContainmentEntered}), " +
        $"(SELECT MAX(e.seq) FROM events e WHERE e.device_id = d.device_id AND e.type = {EventTypes.ContainmentLeft}), " +
        "c.campaign_id, c.state " +
        "FROM devices d " +
        "LEFT JOIN events run ON run.device_id = d.device_id AND run.seq = d.firmware_version_seq " +
        $"LEFT JOIN events boot ON boot.id = (SELECT e.id FROM events e WHERE e.device_id = d.device_id AND e.type = {EventTypes.BootVerification} ORDER BY e.seq DESC LIMIT 1) " +
        $"LEFT JOIN events integ ON integ.id = (SELECT e.id FROM events e WHERE e.device_id = d.device_id AND e.type = {EventTypes.IntegrityCheck} ORDER BY e.seq DESC LIMIT 1) " +
        "LEFT JOIN ota_campaign_devices c ON c.device_id = d.device_id AND c.campaign_id = (SELECT MAX(x.campaign_id) FROM ota_campaign_devices x WHERE x.device_id = d.device_id)";

    public Task<IReadOnlyDictionary<string, DevicePosture>> ListDevicePosturesAsync(string? deviceId, CancellationToken cancellationToken) =>
        deviceId is null
            ? ReadPosturesAsync(string.Empty, _ => { }, cancellationToken)
            : ReadPosturesAsync(" WHERE d.device_id = @d", c => c.With("@d", deviceId), cancellationToken);

    public Task<IReadOnlyDictionary<string, DevicePosture>> ListDevicePosturesAsync(string firstDeviceId, string lastDeviceId, CancellationToken cancellationToken) =>
        ReadPosturesAsync(" WHERE d.device_id >= @f AND d.device_id <= @l", c => c.With("@f", firstDeviceId).With("@l", lastDeviceId), cancellationToken);

    private async Task<IReadOnlyDictionary<string, DevicePosture>> ReadPosturesAsync(string where, Action<System.Data.Common.DbCommand> bind, CancellationToken cancellationToken)
    {
        var postures = new Dictionary<string, DevicePosture>(StringComparer.Ordinal);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ReadRowsAsync(
            connection,
            PostureSql + where,
            bind,
            r =>
            {
                var runFields = r.NullableString(3);
                var bootFields = r.NullableString(5);
                var integrityFields = r.NullableString(7);
                postures[r.GetString(0)] = new DevicePosture(
                    r.NullableString(4),
                    r.NullableString(1),
                    runFields is null ? null : StoredEventFields.Number(runFields, EventFieldIds.Boot.SecurityCounter),
                    bootFields is null ? null : new BootOutcome(
                        StoredEventFields.Number(bootFields, EventFieldIds.Outcome.ResultCode) == 0 ? "ok" : "failed",
                        StoredEventFields.Text(bootFields, EventFieldIds.Outcome.Reason) is { Length: > 0 } reason ? reason : null,
                        r.Int64(6)),
                    integrityFields is null ? "unknown" : StoredEventFields.Number(integrityFields, EventFieldIds.Outcome.ResultCode) == 0 ? "ok" : "violated",
                    Containment(r.NullableInt64(8), r.NullableInt64(9)),
                    r.NullableInt64(2),
                    r.NullableInt64(10) is { } campaign ? new CampaignMembership(campaign, ((DeviceOtaState)r.Int64(11)).Name()) : null);
            },
            cancellationToken).ConfigureAwait(false);
        return postures;
    }

    /// <summary>Contained when the newest containment-entered event is newer than the newest containment-left one.
    /// Two MAX seeks on (device, type, seq): one subquery over both types would scan all the device's events.</summary>
    private static string Containment(long? enteredSeq, long? leftSeq) =>
        enteredSeq is { } entered && (leftSeq is not { } left || entered > left) ? "contained" : "none";
}
