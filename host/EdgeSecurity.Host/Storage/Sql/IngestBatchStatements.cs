using System.Data.Common;
using System.Globalization;
using System.Text;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>
/// Writes one <see cref="IngestBatch"/> inside the caller's transaction with multi-row statements: at high
/// event rates the cost per statement (parse, bind, step) dominates the cost per row. Chain heads and
/// device touches are reduced to one row per device first, because one statement may not update a row twice.
/// </summary>
internal static class IngestBatchStatements
{
    private const string EventColumns =
        "device_id, seq, boot_counter, device_time_ms, time_trusted, uptime_ms, type, type_name, severity, fields_json, raw_record, mac, received_at, chain_status";

    private const int EventParameters = 14;

    /// <summary>
    /// Inserts in the batch's order, which becomes the events' ingest order (ids, the page cursor), with
    /// <paramref name="rowsPerStatement"/> rows per statement. Full statements reuse one prepared command and
    /// only rebind values: SQLite is fastest with one row per reused statement (no network round trip to
    /// save, and a long statement is costly to bind), PostgreSQL with many rows per round trip.
    /// </summary>
    public static async Task<int> InsertEventsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<SecurityEventRecord> events, int rowsPerStatement, CancellationToken cancellationToken)
    {
        var stored = 0;
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < events.Count; start += rowsPerStatement)
            {
                var rows = Math.Min(rowsPerStatement, events.Count - start);
                if (rows == rowsPerStatement)
                {
                    full ??= await PrepareInsertAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
                    Bind(full, events, start, rows);
                    stored += await full.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await using var tail = await PrepareInsertAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
                    Bind(tail, events, start, rows);
                    stored += await tail.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
        }

        return stored;
    }

    private static async Task<DbCommand> PrepareInsertAsync(DbConnection connection, DbTransaction transaction, int rows, CancellationToken cancellationToken)
    {
        var insert = connection.Command($"INSERT INTO events ({EventColumns}) VALUES {Placeholders(rows, EventParameters)} ON CONFLICT (device_id, seq) DO NOTHING", transaction);
        for (var i = 0; i < rows * EventParameters; i++)
        {
            insert.With(Name(i), null);
        }

        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return insert;
    }

    private static void Bind(DbCommand insert, IReadOnlyList<SecurityEventRecord> events, int start, int rows)
    {
        var parameters = insert.Parameters;
        for (var i = 0; i < rows; i++)
        {
            var e = events[start + i];
            var p = i * EventParameters;
            parameters[p].Value = e.DeviceId;
            parameters[p + 1].Value = e.Sequence;
            parameters[p + 2].Value = e.BootCounter;
            parameters[p + 3].Value = e.DeviceTimeMs;
            parameters[p + 4].Value = e.DeviceTimeTrusted ? 1L : 0L;
            parameters[p + 5].Value = e.UptimeMs;
            parameters[p + 6].Value = (long)e.Type;
            parameters[p + 7].Value = e.TypeName;
            parameters[p + 8].Value = (long)e.Severity;
            parameters[p + 9].Value = e.FieldsJson;
            parameters[p + 10].Value = e.RawRecord;
            parameters[p + 11].Value = e.Mac;
            parameters[p + 12].Value = e.ReceivedAtMs;
            parameters[p + 13].Value = e.ChainStatus is { } chain ? (long)chain : DBNull.Value;
        }
    }

    /// <summary>Moves each device's head to the highest sequence of the batch; never backwards (a stale batch loses to a newer stored head).
    /// Sequence order is also key epoch order: each epoch's numbers start above those of every earlier one.</summary>
    public static async Task AdvanceChainHeadsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChainHead> heads, CancellationToken cancellationToken)
    {
        var newest = heads.GroupBy(h => h.DeviceId, StringComparer.Ordinal).Select(g => g.MaxBy(h => h.Sequence)!).OrderBy(h => h.DeviceId, StringComparer.Ordinal).ToList();
        if (newest.Count == 0)
        {
            return;
        }

        await using var upsert = connection.Command(
            $"INSERT INTO chain_heads (device_id, seq, mac, key_epoch) VALUES {Placeholders(newest.Count, 4)} " +
            "ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac, key_epoch = excluded.key_epoch WHERE excluded.seq > chain_heads.seq",
            transaction);
        for (var i = 0; i < newest.Count; i++)
        {
            upsert.With(Name(i * 4), newest[i].DeviceId).With(Name((i * 4) + 1), newest[i].Sequence).With(Name((i * 4) + 2), newest[i].Mac)
                .With(Name((i * 4) + 3), (long)newest[i].KeyEpoch);
        }

        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One update per device: last seen = the latest touch, last heartbeat = the latest heartbeat touch.</summary>
    public static async Task TouchDevicesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<DeviceTouch> touches, CancellationToken cancellationToken)
    {
        await using var seen = connection.Command("UPDATE devices SET last_seen_at = @t WHERE device_id = @d", transaction).With("@t", null).With("@d", null);
        await using var alive = connection.Command("UPDATE devices SET last_seen_at = @t, last_heartbeat_at = @h WHERE device_id = @d", transaction)
            .With("@t", null).With("@h", null).With("@d", null);
        // In device id order: host instances sharing one database then lock device rows in the same order
        // and cannot deadlock each other (two instances on one PostgreSQL did, in the cluster end-to-end test).
        foreach (var device in touches.GroupBy(t => t.DeviceId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var lastSeen = device.Max(t => t.SeenAtMs);
            var lastHeartbeat = device.Where(t => t.Heartbeat).Select(t => (long?)t.SeenAtMs).Max();
            var command = lastHeartbeat is null ? seen : alive;
            command.Set("@t", lastSeen);
            command.Set("@d", device.Key);
            if (lastHeartbeat is not null)
            {
                command.Set("@h", lastHeartbeat);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Name(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    private static string Placeholders(int rows, int columns)
    {
        var sql = new StringBuilder(rows * columns * 6);
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns; column++)
            {
                sql.Append(column == 0 ? string.Empty : ", ").Append(Name((row * columns) + column));
            }

            sql.Append(')');
        }

        return sql.ToString();
    }
}
