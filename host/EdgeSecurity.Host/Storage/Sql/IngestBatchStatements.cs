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
    /// <summary>Rows per INSERT: 13 parameters each stays far below SQLite's and PostgreSQL's parameter limits.</summary>
    private const int EventRowsPerStatement = 128;

    private const string EventColumns =
        "device_id, seq, boot_counter, device_time_ms, time_trusted, uptime_ms, type, type_name, severity, fields_json, raw_record, mac, received_at";

    private const int EventParameters = 13;

    /// <summary>Inserts in the batch's order, which becomes the events' ingest order (ids, the page cursor).</summary>
    public static async Task<int> InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SecurityEventRecord> events, CancellationToken cancellationToken)
    {
        var stored = 0;
        for (var start = 0; start < events.Count; start += EventRowsPerStatement)
        {
            var rows = Math.Min(EventRowsPerStatement, events.Count - start);
            await using var insert = connection.Command(
                $"INSERT INTO events ({EventColumns}) VALUES {Placeholders(rows, EventParameters)} ON CONFLICT (device_id, seq) DO NOTHING",
                transaction);
            for (var i = 0; i < rows; i++)
            {
                var e = events[start + i];
                var p = i * EventParameters;
                insert.With(Name(p), e.DeviceId).With(Name(p + 1), e.Sequence).With(Name(p + 2), e.BootCounter).With(Name(p + 3), e.DeviceTimeMs)
                    .With(Name(p + 4), e.DeviceTimeTrusted ? 1 : 0).With(Name(p + 5), e.UptimeMs).With(Name(p + 6), e.Type).With(Name(p + 7), e.TypeName)
                    .With(Name(p + 8), e.Severity).With(Name(p + 9), e.FieldsJson).With(Name(p + 10), e.RawRecord).With(Name(p + 11), e.Mac)
                    .With(Name(p + 12), e.ReceivedAtMs);
            }

            stored += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    /// <summary>Moves each device's head to the highest sequence of the batch; never backwards (a stale batch loses to a newer stored head).</summary>
    public static async Task AdvanceChainHeadsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ChainHead> heads, CancellationToken cancellationToken)
    {
        var newest = heads.GroupBy(h => h.DeviceId, StringComparer.Ordinal).Select(g => g.MaxBy(h => h.Sequence)!).OrderBy(h => h.DeviceId, StringComparer.Ordinal).ToList();
        if (newest.Count == 0)
        {
            return;
        }

        await using var upsert = connection.Command(
            $"INSERT INTO chain_heads (device_id, seq, mac) VALUES {Placeholders(newest.Count, 3)} " +
            "ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac WHERE excluded.seq > chain_heads.seq",
            transaction);
        for (var i = 0; i < newest.Count; i++)
        {
            upsert.With(Name(i * 3), newest[i].DeviceId).With(Name((i * 3) + 1), newest[i].Sequence).With(Name((i * 3) + 2), newest[i].Mac);
        }

        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One update per device: last seen = the latest touch, last heartbeat = the latest heartbeat touch.</summary>
    public static async Task TouchDevicesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<DeviceTouch> touches, CancellationToken cancellationToken)
    {
        await using var seen = connection.Command("UPDATE devices SET last_seen_at = @t WHERE device_id = @d", transaction).With("@t", null).With("@d", null);
        await using var alive = connection.Command("UPDATE devices SET last_seen_at = @t, last_heartbeat_at = @h WHERE device_id = @d", transaction)
            .With("@t", null).With("@h", null).With("@d", null);
        foreach (var device in touches.GroupBy(t => t.DeviceId, StringComparer.Ordinal))
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
