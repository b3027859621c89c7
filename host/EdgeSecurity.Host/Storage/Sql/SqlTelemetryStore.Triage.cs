using System.Data.Common;
using System.Globalization;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>Alert triage: each change and its audit entry in one transaction, so the log cannot miss a change.</summary>
internal sealed partial class SqlTelemetryStore
{
    /// <summary>The actor of changes the host makes itself (resolving an alert whose condition ended).</summary>
    public const string HostActor = "host";

    public async Task<TriageOutcome> TriageAsync(long alertId, TriageAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        return await WriteAsync(
            async (connection, transaction) =>
            {
                await using var read = connection.Command("SELECT status, assignee FROM alerts WHERE id = @id", transaction).With("@id", alertId);
                string? oldValue;
                await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return TriageOutcome.UnknownAlert;
                    }

                    oldValue = action.Kind switch
                    {
                        TriageKind.Status => StatusName((AlertStatus)reader.Int64(0)),
                        TriageKind.Assign => reader.NullableString(1),
                        _ => null,
                    };
                }

                string? newValue = action.Kind == TriageKind.Status ? StatusName(ParseStatusCode(action.Value)) : action.Value;
                if (action.Kind != TriageKind.Note && oldValue == newValue)
                {
                    return TriageOutcome.NoChange;
                }

                var update = action.Kind switch
                {
                    TriageKind.Status => connection.Command("UPDATE alerts SET status = @v, updated_at = @u WHERE id = @id", transaction).With("@v", (long)ParseStatusCode(action.Value)),
                    TriageKind.Assign => connection.Command("UPDATE alerts SET assignee = @v, updated_at = @u WHERE id = @id", transaction).With("@v", action.Value),
                    _ => connection.Command("UPDATE alerts SET updated_at = @u WHERE id = @id", transaction),
                };
                await using (update)
                {
                    update.With("@u", action.AtMs).With("@id", alertId);
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await AppendAuditAsync(connection, transaction, alertId, action, oldValue, newValue, cancellationToken).ConfigureAwait(false);
                return TriageOutcome.Applied;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AlertAuditEntry>> GetAlertAuditAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command(
            "SELECT id, alert_id, at, actor, action, old_value, new_value, note FROM alert_audit WHERE alert_id = @a ORDER BY id").With("@a", alertId);
        var entries = new List<AlertAuditEntry>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AlertAuditEntry(
                reader.Int64(0), reader.Int64(1), reader.Int64(2), reader.GetString(3), reader.GetString(4), reader.NullableString(5), reader.NullableString(6), reader.NullableString(7)));
        }

        return entries;
    }

    public async Task<AlertRecord?> GetAlertAsync(long alertId, CancellationToken cancellationToken)
    {
        var alerts = await ReadAlertsAsync("WHERE id = @id", command => command.With("@id", alertId), 1, cancellationToken).ConfigureAwait(false);
        return alerts.Count == 0 ? null : alerts[0];
    }

    internal static string StatusName(AlertStatus status) => AlertStatusNames.NameOf(status);

    private static AlertStatus ParseStatusCode(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && Enum.IsDefined((AlertStatus)code)
            ? (AlertStatus)code
            : throw new ArgumentException($"A status triage action carries a status code, not '{value}'.", nameof(value));

    private static async Task<AlertStatus> ReadStatusAsync(DbConnection connection, DbTransaction transaction, long alertId, CancellationToken cancellationToken)
    {
        await using var read = connection.Command("SELECT status FROM alerts WHERE id = @id", transaction).With("@id", alertId);
        var value = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? AlertStatus.New : (AlertStatus)Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private static async Task AppendAuditAsync(
        DbConnection connection, DbTransaction transaction, long alertId, TriageAction action, string? oldValue, string? newValue, CancellationToken cancellationToken)
    {
        var name = action.Kind switch
        {
            TriageKind.Status => "status",
            TriageKind.Assign => "assign",
            _ => "note",
        };
        await using var insert = connection.Command(
            "INSERT INTO alert_audit (alert_id, at, actor, action, old_value, new_value, note) VALUES (@a, @t, @who, @what, @old, @new, @note)", transaction)
            .With("@a", alertId).With("@t", action.AtMs).With("@who", action.Actor).With("@what", name).With("@old", oldValue).With("@new", newValue).With("@note", action.Note);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
