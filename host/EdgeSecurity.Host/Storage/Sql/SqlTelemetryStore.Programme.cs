using System.Data.Common;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>The fleet history behind programme metrics: a fixed number of set queries, no per-device query.</summary>
internal sealed partial class SqlTelemetryStore
{
    public async Task<ProgrammeHistory> LoadProgrammeHistoryAsync(long fromMs, long toMs, CancellationToken cancellationToken)
    {
        if (fromMs >= toMs)
        {
            throw new ArgumentException($"The window must start before it ends ({fromMs} >= {toMs}).", nameof(fromMs));
        }

        var devices = await ReadDevicesAsync(string.Empty, null, cancellationToken).ConfigureAwait(false);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);

        var boots = new List<BootReport>();
        await ReadRowsAsync(
            connection,
            "SELECT device_id, seq, received_at, fields_json FROM events WHERE type = @ty AND received_at < @t ORDER BY received_at, id",
            c => c.With("@ty", (int)EventTypes.BootVerification).With("@t", toMs),
            r =>
            {
                var fields = r.GetString(3);
                if (StoredEventFields.Number(fields, EventFieldIds.Outcome.ResultCode) == 0 && StoredEventFields.Text(fields, EventFieldIds.Boot.Version) is { Length: > 0 } version)
                {
                    boots.Add(new BootReport(r.GetString(0), r.Int64(1), r.Int64(2), version));
                }
            },
            cancellationToken).ConfigureAwait(false);

        var reporting = new HashSet<string>(StringComparer.Ordinal);
        await ReadRowsAsync(
            connection,
            "SELECT DISTINCT device_id FROM events WHERE received_at >= @f AND received_at < @t",
            c => c.With("@f", fromMs).With("@t", toMs),
            r => reporting.Add(r.GetString(0)),
            cancellationToken).ConfigureAwait(false);

        long dropped = 0;
        await ReadRowsAsync(
            connection,
            "SELECT fields_json FROM events WHERE type = @ty AND received_at >= @f AND received_at < @t",
            c => c.With("@ty", (int)EventTypes.RecordsDropped).With("@f", fromMs).With("@t", toMs),
            r =>
            {
                var fields = r.GetString(0);
                dropped += (StoredEventFields.Number(fields, EventFieldIds.Journal.DroppedTelemetry) ?? 0) + (StoredEventFields.Number(fields, EventFieldIds.Journal.DroppedSecurity) ?? 0);
            },
            cancellationToken).ConfigureAwait(false);

        long rejected = 0;
        await ReadRowsAsync(
            connection,
            "SELECT COALESCE(SUM(messages), 0) FROM rejections WHERE at >= @f AND at < @t",
            c => c.With("@f", fromMs).With("@t", toMs),
            r => rejected = r.Int64(0),
            cancellationToken).ConfigureAwait(false);

        var releases = new List<BundleRelease>();
        await ReadRowsAsync(
            connection,
            "SELECT b.bundle_id, b.hardware_class, b.version, b.uploaded_at, " +
            "(SELECT MIN(c.created_at) FROM ota_campaigns c WHERE c.kind = @k AND c.subject = b.bundle_id) FROM ota_bundles b ORDER BY b.uploaded_at, b.bundle_id",
            c => c.With("@k", (int)CampaignKind.Bundle),
            r => releases.Add(new BundleRelease(r.GetString(0), r.GetString(1), r.GetString(2), r.Int64(3), r.NullableInt64(4))),
            cancellationToken).ConfigureAwait(false);

        var updates = new List<FinishedUpdate>();
        await ReadRowsAsync(
            connection,
            "SELECT campaign_id, device_id, state, updated_at FROM ota_campaign_devices WHERE state IN (@c, @fl, @rb) AND updated_at >= @f AND updated_at < @t",
            c => c.With("@c", (int)DeviceOtaState.Confirmed).With("@fl", (int)DeviceOtaState.Failed).With("@rb", (int)DeviceOtaState.RolledBack).With("@f", fromMs).With("@t", toMs),
            r => updates.Add(new FinishedUpdate(r.Int64(0), r.GetString(1), (int)r.Int64(2), r.Int64(3))),
            cancellationToken).ConfigureAwait(false);

        var alerts = new List<RaisedAlert>();
        await ReadRowsAsync(
            connection,
            "SELECT id, rule, status, created_at FROM alerts WHERE created_at >= @f AND created_at < @t ORDER BY id",
            c => c.With("@f", fromMs).With("@t", toMs),
            r => alerts.Add(new RaisedAlert(r.Int64(0), r.GetString(1), (AlertStatus)r.Int64(2), r.Int64(3))),
            cancellationToken).ConfigureAwait(false);

        var changes = new List<AlertStatusChange>();
        await ReadRowsAsync(
            connection,
            "SELECT a.alert_id, a.at, a.actor, a.new_value FROM alert_audit a JOIN alerts l ON l.id = a.alert_id " +
            "WHERE a.action = 'status' AND a.at < @t AND l.created_at >= @f AND l.created_at < @t ORDER BY a.id",
            c => c.With("@f", fromMs).With("@t", toMs),
            r => changes.Add(new AlertStatusChange(r.Int64(0), r.Int64(1), r.GetString(2), r.NullableString(3) ?? string.Empty)),
            cancellationToken).ConfigureAwait(false);

        var advisories = await ListAdvisoriesAsync(cancellationToken).ConfigureAwait(false);
        return new ProgrammeHistory(fromMs, toMs, devices, boots, reporting, dropped, rejected, releases, updates, alerts, changes, advisories);
    }

    private static async Task ReadRowsAsync(DbConnection connection, string sql, Action<DbCommand> bind, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row(reader);
        }
    }
}
