using System.Data.Common;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>How the host itself ends alerts: the condition ended (device heard again) or was explained
/// (a chain hole covered by a later drop report). Only open or acknowledged alerts change; a closed one is
/// the analyst's verdict and stays as it is.</summary>
internal sealed partial class SqlTelemetryStore
{
    private const string Active = "status IN (0, 1)";

    public async Task<IReadOnlyList<AlertRecord>> FindActiveAlertsAsync(string deviceId, string rule, CancellationToken cancellationToken) =>
        await ReadAlertsAsync(
            $"WHERE device_id = @d AND rule = @r AND {Active}",
            command => command.With("@d", deviceId).With("@r", rule),
            100,
            cancellationToken).ConfigureAwait(false);

    public async Task<bool> ResolveAlertAsync(long alertId, string note, long updatedAtMs, CancellationToken cancellationToken) =>
        await WriteAsync(
            async (connection, transaction) =>
            {
                var before = await ReadStatusAsync(connection, transaction, alertId, cancellationToken).ConfigureAwait(false);
                await using var resolve = connection.Command(
                    $"UPDATE alerts SET status = {(int)AlertStatus.Resolved}, updated_at = @u, detail = detail || @n WHERE id = @id AND {Active}", transaction)
                    .With("@u", updatedAtMs).With("@n", note).With("@id", alertId);
                var changed = await resolve.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (changed == 1)
                {
                    await AppendAuditAsync(connection, transaction, alertId, new TriageAction(TriageKind.Status, HostActor, updatedAtMs, null, note.TrimStart(';', ' ')), StatusName(before), StatusName(AlertStatus.Resolved), cancellationToken).ConfigureAwait(false);
                }

                return changed;
            },
            cancellationToken).ConfigureAwait(false) == 1;

    public Task RecordAlertGapAsync(AlertGap gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gap);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = connection.Command(
                    "INSERT INTO alert_gaps (alert_id, first_seq, last_seq) VALUES (@a, @f, @l) ON CONFLICT (alert_id, first_seq) DO NOTHING", transaction)
                    .With("@a", gap.AlertId).With("@f", gap.FirstSequence).With("@l", gap.LastSequence);
                return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task AnnotateAlertAsync(long alertId, string note, long updatedAtMs, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => AppendDetailAsync(connection, transaction, alertId, note, updatedAtMs, cancellationToken),
            cancellationToken);

    public async Task<IReadOnlyList<AlertGap>> FindUnexplainedGapsAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command(
            "SELECT g.alert_id, g.first_seq, g.last_seq FROM alert_gaps g JOIN alerts a ON a.id = g.alert_id " +
            $"WHERE a.device_id = @d AND a.{Active} AND g.explained_by_seq IS NULL ORDER BY g.alert_id, g.first_seq")
            .With("@d", deviceId);
        var gaps = new List<AlertGap>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            gaps.Add(new AlertGap(reader.Int64(0), reader.Int64(1), reader.Int64(2)));
        }

        return gaps;
    }

    public async Task<bool> ExplainAlertGapAsync(AlertGap gap, long reportSequence, string note, long updatedAtMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gap);
        return await WriteAsync(
            async (connection, transaction) =>
            {
                // Claiming the hole first makes a second host explaining it at the same time a no-op.
                await using var claim = connection.Command(
                    "UPDATE alert_gaps SET explained_by_seq = @s WHERE alert_id = @a AND first_seq = @f AND explained_by_seq IS NULL " +
                    $"AND EXISTS (SELECT 1 FROM alerts WHERE id = @a AND {Active})",
                    transaction)
                    .With("@s", reportSequence).With("@a", gap.AlertId).With("@f", gap.FirstSequence);
                if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    return 0;
                }

                await LinkAlertEventsAsync(connection, transaction, gap.AlertId, [reportSequence], cancellationToken).ConfigureAwait(false);
                await AppendDetailAsync(connection, transaction, gap.AlertId, note, updatedAtMs, cancellationToken).ConfigureAwait(false);
                var before = await ReadStatusAsync(connection, transaction, gap.AlertId, cancellationToken).ConfigureAwait(false);
                await using var resolve = connection.Command(
                    $"UPDATE alerts SET status = {(int)AlertStatus.Resolved} WHERE id = @a " +
                    "AND NOT EXISTS (SELECT 1 FROM alert_gaps WHERE alert_id = @a AND explained_by_seq IS NULL)",
                    transaction)
                    .With("@a", gap.AlertId);
                var resolved = await resolve.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (resolved == 1)
                {
                    await AppendAuditAsync(connection, transaction, gap.AlertId, new TriageAction(TriageKind.Status, HostActor, updatedAtMs, null, note.TrimStart(';', ' ')), StatusName(before), StatusName(AlertStatus.Resolved), cancellationToken).ConfigureAwait(false);
                }

                return resolved;
            },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<int> AppendDetailAsync(DbConnection connection, DbTransaction transaction, long alertId, string note, long updatedAtMs, CancellationToken cancellationToken)
    {
        await using var annotate = connection.Command("UPDATE alerts SET detail = detail || @n, updated_at = @u WHERE id = @a", transaction)
            .With("@n", note).With("@u", updatedAtMs).With("@a", alertId);
        return await annotate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
