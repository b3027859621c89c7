using System.Data.Common;
using System.Globalization;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>
/// Raising an alert as one step of the database: the insert carries the alert's key into a column with a partial
/// unique index (<c>open_key</c> among new alerts, <c>once_key</c> among all), so a second host instance's insert of the
/// same key does nothing and finds the first one's alert instead. A check followed by an insert cannot do this: two
/// instances both check before either inserts (and <c>INSERT … WHERE NOT EXISTS</c> has the same race on PostgreSQL,
/// whose statements each read the data committed when they began).
/// </summary>
internal sealed partial class SqlTelemetryStore
{
    // The found alert can leave "new" between the insert and the read (an analyst acknowledged it): insert again.
    private const int RaiseAttempts = 5;

    public Task<AlertRaising> RaiseAlertAsync(AlertRecord alert, AlertKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(key.Value);
        if (alert.Status != AlertStatus.New)
        {
            throw new ArgumentException($"An alert is raised new, not {alert.Status}.", nameof(alert));
        }

        string keyColumn = key.Scope == AlertKeyScope.Forever ? "once_key" : "open_key";
        return WriteAsync(
            async (connection, transaction) =>
            {
                for (int attempt = 0; attempt < RaiseAttempts; attempt++)
                {
                    await using var insert = connection.Command(
                        dialect.InsertReturningId(
                            $"INSERT INTO alerts (rule, device_id, severity, title, detail, status, created_at, updated_at, {keyColumn}) VALUES (@r, @d, @sv, @ti, @de, @st, @c, @u, @k) ON CONFLICT DO NOTHING"),
                        transaction)
                        .With("@r", alert.Rule).With("@d", alert.DeviceId).With("@sv", alert.Severity).With("@ti", alert.Title)
                        .With("@de", alert.Detail).With("@st", (int)alert.Status).With("@c", alert.CreatedAtMs).With("@u", alert.UpdatedAtMs).With("@k", key.Value);
                    if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } inserted and not DBNull)
                    {
                        long id = Convert.ToInt64(inserted, CultureInfo.InvariantCulture);
                        await LinkAlertEventsAsync(connection, transaction, id, alert.EventSequences, cancellationToken).ConfigureAwait(false);
                        return new AlertRaising(id, Created: true);
                    }

                    if (await FindKeyedAlertAsync(connection, transaction, alert, key, cancellationToken).ConfigureAwait(false) is { } existing)
                    {
                        if (key.Scope == AlertKeyScope.WhileNew)
                        {
                            await LinkAlertEventsAsync(connection, transaction, existing, alert.EventSequences, cancellationToken).ConfigureAwait(false);
                            await using var touch = connection.Command("UPDATE alerts SET updated_at = @u WHERE id = @id", transaction)
                                .With("@u", alert.UpdatedAtMs).With("@id", existing);
                            await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        }

                        return new AlertRaising(existing, Created: false);
                    }
                }

                throw new InvalidOperationException($"Raising alert {alert.Rule} for '{alert.DeviceId}' kept conflicting with an alert that changed state; giving up after {RaiseAttempts} attempts.");
            },
            cancellationToken);
    }

    private static async Task<long?> FindKeyedAlertAsync(DbConnection connection, DbTransaction transaction, AlertRecord alert, AlertKey key, CancellationToken cancellationToken)
    {
        string condition = key.Scope == AlertKeyScope.Forever ? "once_key = @k" : "open_key = @k AND status = 0";
        await using var find = connection.Command($"SELECT id FROM alerts WHERE rule = @r AND device_id = @d AND {condition} ORDER BY id LIMIT 1", transaction)
            .With("@r", alert.Rule).With("@d", alert.DeviceId).With("@k", key.Value);
        return await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } id and not DBNull ? Convert.ToInt64(id, CultureInfo.InvariantCulture) : null;
    }
}
