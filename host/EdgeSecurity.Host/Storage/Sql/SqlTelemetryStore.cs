using System.Data.Common;
using System.Globalization;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>The telemetry store over any <see cref="SqlDialect"/>: one implementation of the behaviour,
/// so SQLite and PostgreSQL cannot drift apart.</summary>
internal sealed partial class SqlTelemetryStore(SqlDialect dialect) : ITelemetryStore
{
    private const string EventColumns =
        "id, device_id, seq, boot_counter, device_time_ms, time_trusted, uptime_ms, type, type_name, severity, fields_json, raw_record, mac, received_at, chain_status";

    private const string AlertColumns = "id, rule, device_id, severity, title, detail, status, created_at, updated_at, assignee";

    /// <summary>Tries of an ingest commit that the database aborted to break a deadlock. A deadlock needs another
    /// writer holding rows of the same devices; it commits meanwhile, and a retry waits a random moment first so
    /// that two victims do not meet again in step.</summary>
    private const int MaxDeadlockAttempts = 10;

    private readonly SemaphoreSlim _writer = new(1, 1);

    public string Provider => dialect.Provider;

    public bool SupportsConcurrentWriters => !dialect.SingleWriter;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (dialect.MigrationLockSql is { } lockSql)
        {
            await using var take = connection.Command(lockSql, transaction);
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = connection.Command("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long current;
        await using (var read = connection.Command("SELECT MAX(version) FROM schema_version", transaction))
        {
            var value = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            current = value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        if (current > dialect.Migrations.Count)
        {
            throw new InvalidOperationException(
                $"The {Provider} database has schema version {current}, newer than this host supports ({dialect.Migrations.Count}). Upgrade the host.");
        }

        for (var version = (int)current; version < dialect.Migrations.Count; version++)
        {
            await using var migrate = connection.Command(dialect.Migrations[version], transaction);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var record = connection.Command("INSERT INTO schema_version (version) VALUES (@v)", transaction).With("@v", version + 1);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IngestCommitResult> CommitAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // Host instances sharing one PostgreSQL commit overlapping batches (a batch and its resend, several devices
        // per commit) in arrival order, which is also the order of the event ids the SOC's cross-device queries page
        // by, so the inserts cannot be put in one global lock order. Two such commits can deadlock (40P01): the
        // database aborts one, and it is retried here, after the other has committed, instead of failing its
        // messages (on mosquitto a failed message is not PUBACKed, and the device waited 30 s for its ack).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteAsync(
                    async (connection, transaction) =>
                    {
                        var stored = await IngestBatchStatements.InsertEventsAsync(connection, transaction, batch.Events, dialect.EventRowsPerInsert, cancellationToken).ConfigureAwait(false);
                        await IngestBatchStatements.AdvanceChainHeadsAsync(connection, transaction, batch.ChainHeads, cancellationToken).ConfigureAwait(false);
                        await IngestBatchStatements.TouchDevicesAsync(connection, transaction, batch.Touches ?? [], cancellationToken).ConfigureAwait(false);
                        await DeviceIntegrityStatements.RecordAsync(connection, transaction, batch.Events, cancellationToken).ConfigureAwait(false);
                        return new IngestCommitResult(stored, batch.Events.Count - stored);
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (attempt < MaxDeadlockAttempts && dialect.IsDeadlock(e))
            {
                // The transaction was rolled back whole; the same batch is written again from the start.
                await Task.Delay(Random.Shared.Next(5, 50) * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<ChainHead?> GetChainHeadAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command("SELECT seq, mac, key_epoch FROM chain_heads WHERE device_id = @d").With("@d", deviceId);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ChainHead(deviceId, reader.Int64(0), (byte[])reader.GetValue(1), checked((ushort)reader.Int64(2)))
            : null;
    }

    public async Task<SecurityEventRecord?> GetEventAsync(string deviceId, long sequence, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command($"SELECT {EventColumns} FROM events WHERE device_id = @d AND seq = @s")
            .With("@d", deviceId).With("@s", sequence);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEvent(reader) : null;
    }

    public async Task<long> GetPrecedingSequenceAsync(string deviceId, long sequence, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command("SELECT MAX(seq) FROM events WHERE device_id = @d AND seq < @s").With("@d", deviceId).With("@s", sequence);
        var value = await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public Task UpsertDeviceAsync(DeviceRecord device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var upsert = connection.Command(
                    "INSERT INTO devices (device_id, status, hardware_class, enrolled_at, last_seen_at, last_heartbeat_at, firmware_version, revoked_at, certificate_expires_at) " +
                    "VALUES (@d, @st, @hc, @en, @ls, @lh, @fw, @rv, @ce) ON CONFLICT (device_id) DO UPDATE SET status = excluded.status, " +
                    "hardware_class = excluded.hardware_class, firmware_version = COALESCE(excluded.firmware_version, devices.firmware_version), revoked_at = excluded.revoked_at, " +
                    "certificate_expires_at = COALESCE(excluded.certificate_expires_at, devices.certificate_expires_at)",
                    transaction)
                    .With("@d", device.DeviceId).With("@st", (int)device.Status).With("@hc", device.HardwareClass).With("@en", device.EnrolledAtMs)
                    .With("@ls", device.LastSeenAtMs).With("@lh", device.LastHeartbeatAtMs).With("@fw", device.FirmwareVersion).With("@rv", device.RevokedAtMs)
                    .With("@ce", device.CertificateExpiresAt?.ToUnixTimeMilliseconds());
                return await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public async Task<DeviceRecord?> GetDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        var devices = await ReadDevicesAsync("WHERE device_id = @d", deviceId, cancellationToken).ConfigureAwait(false);
        return devices.Count == 0 ? null : devices[0];
    }

    public async Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(CancellationToken cancellationToken) =>
        await ReadDevicesAsync(string.Empty, null, cancellationToken).ConfigureAwait(false);

    public Task TouchDeviceAsync(string deviceId, long seenAtMs, bool heartbeat, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using var touch = connection.Command(TouchSql(heartbeat), transaction).With("@t", seenAtMs).With("@d", deviceId);
                return await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public async Task<bool> SetFirmwareVersionAsync(string deviceId, string version, long eventSequence, CancellationToken cancellationToken) =>
        await WriteAsync(
            async (connection, transaction) =>
            {
                await using var update = connection.Command(
                    "UPDATE devices SET firmware_version = @v, firmware_version_seq = @s WHERE device_id = @d AND (firmware_version_seq IS NULL OR firmware_version_seq < @s)",
                    transaction)
                    .With("@v", version).With("@s", eventSequence).With("@d", deviceId);
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false) == 1;

    private static string TouchSql(bool heartbeat) => heartbeat
        ? "UPDATE devices SET last_seen_at = @t, last_heartbeat_at = @t WHERE device_id = @d"
        : "UPDATE devices SET last_seen_at = @t WHERE device_id = @d";

    public Task<long> InsertAlertAsync(AlertRecord alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = connection.Command(
                    dialect.InsertReturningId(
                        "INSERT INTO alerts (rule, device_id, severity, title, detail, status, created_at, updated_at) VALUES (@r, @d, @sv, @ti, @de, @st, @c, @u)"),
                    transaction)
                    .With("@r", alert.Rule).With("@d", alert.DeviceId).With("@sv", alert.Severity).With("@ti", alert.Title)
                    .With("@de", alert.Detail).With("@st", (int)alert.Status).With("@c", alert.CreatedAtMs).With("@u", alert.UpdatedAtMs);
                var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                await LinkAlertEventsAsync(connection, transaction, id, alert.EventSequences, cancellationToken).ConfigureAwait(false);
                return id;
            },
            cancellationToken);
    }

    public async Task<AlertRecord?> FindOpenAlertAsync(string deviceId, string rule, CancellationToken cancellationToken)
    {
        var page = await ReadAlertsAsync(
            "WHERE device_id = @d AND rule = @r AND status = 0",
            command => command.With("@d", deviceId).With("@r", rule),
            1,
            cancellationToken).ConfigureAwait(false);
        return page.Count == 0 ? null : page[0];
    }

    public Task AddAlertEventsAsync(long alertId, IReadOnlyList<long> eventSequences, long updatedAtMs, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await LinkAlertEventsAsync(connection, transaction, alertId, eventSequences, cancellationToken).ConfigureAwait(false);
                await using var touch = connection.Command("UPDATE alerts SET updated_at = @u WHERE id = @id", transaction).With("@u", updatedAtMs).With("@id", alertId);
                return await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public async Task<bool> SetAlertStatusAsync(long alertId, AlertStatus status, long updatedAtMs, CancellationToken cancellationToken) =>
        await WriteAsync(
            async (connection, transaction) =>
            {
                await using var update = connection.Command("UPDATE alerts SET status = @st, updated_at = @u WHERE id = @id", transaction)
                    .With("@st", (int)status).With("@u", updatedAtMs).With("@id", alertId);
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<Page<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = PageLimit(query.Limit);
        var where = new List<string>();
        var parameters = new List<(string Name, object Value)>();
        void Filter(string clause, string name, object? value)
        {
            if (value is not null)
            {
                where.Add(clause);
                parameters.Add((name, value));
            }
        }

        Filter("device_id = @d", "@d", query.DeviceId);
        Filter("rule = @r", "@r", query.Rule);
        Filter("status = @st", "@st", query.Status is { } s ? (int)s : null);
        Filter("id < @cursor", "@cursor", ParseCursor(query.Cursor));
        var items = await ReadAlertsAsync(
            WhereClause(where),
            command =>
            {
                foreach (var (name, value) in parameters)
                {
                    command.With(name, value);
                }
            },
            limit + 1,
            cancellationToken).ConfigureAwait(false);
        return ToPage(items, limit, a => a.Id);
    }

    public Task RecordRejectionAsync(string? deviceId, string reason, long payloadBytes, long atMs, int messages, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = connection.Command("INSERT INTO rejections (device_id, reason, payload_bytes, at, messages) VALUES (@d, @r, @p, @a, @m)", transaction)
                    .With("@d", deviceId).With("@r", reason).With("@p", payloadBytes).With("@a", atMs).With("@m", messages);
                return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public async Task<long> CountRejectionsAsync(string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var count = reason is null
            ? connection.Command("SELECT COALESCE(SUM(messages), 0) FROM rejections")
            : connection.Command("SELECT COALESCE(SUM(messages), 0) FROM rejections WHERE reason = @r").With("@r", reason);
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var ping = connection.Command("SELECT 1");
        await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _writer.Dispose();
        if (dialect is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        if (dialect.SingleWriter)
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            if (dialect.SingleWriter)
            {
                _writer.Release();
            }
        }
    }

    private static async Task LinkAlertEventsAsync(DbConnection connection, DbTransaction transaction, long alertId, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        await using var link = connection.Command("INSERT INTO alert_events (alert_id, seq) VALUES (@a, @s) ON CONFLICT (alert_id, seq) DO NOTHING", transaction)
            .With("@a", alertId).With("@s", null);
        foreach (var sequence in sequences)
        {
            link.Set("@s", sequence);
            await link.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<DeviceRecord>> ReadDevicesAsync(string where, string? deviceId, CancellationToken cancellationToken, int? limit = null)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command(
            $"SELECT device_id, status, hardware_class, enrolled_at, last_seen_at, last_heartbeat_at, firmware_version, revoked_at, certificate_expires_at FROM devices {where} ORDER BY device_id" +
            (limit is { } n ? $" LIMIT {n}" : string.Empty));
        if (deviceId is not null)
        {
            query.With("@d", deviceId);
        }

        var devices = new List<DeviceRecord>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices.Add(new DeviceRecord(
                reader.GetString(0),
                (DeviceStatus)reader.Int64(1),
                reader.NullableString(2),
                reader.Int64(3),
                reader.NullableInt64(4),
                reader.NullableInt64(5),
                reader.NullableString(6),
                reader.NullableInt64(7))
            {
                CertificateExpiresAt = reader.NullableInt64(8) is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null,
            });
        }

        return devices;
    }

    private async Task<List<AlertRecord>> ReadAlertsAsync(string where, Action<DbCommand> bind, int limit, CancellationToken cancellationToken, bool ascending = false)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command($"SELECT {AlertColumns} FROM alerts {where} ORDER BY id {(ascending ? "ASC" : "DESC")} LIMIT {limit}");
        bind(query);
        var alerts = new List<AlertRecord>();
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                alerts.Add(new AlertRecord(
                    reader.GetString(1),
                    reader.GetString(2),
                    (int)reader.Int64(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    (AlertStatus)reader.Int64(6),
                    reader.Int64(7),
                    reader.Int64(8),
                    [])
                { Id = reader.Int64(0), Assignee = reader.NullableString(9) });
            }
        }

        if (alerts.Count == 0)
        {
            return alerts;
        }

        // The linked events of the whole page in one query (one per alert made a page of 50 cost 51 round trips).
        var names = alerts.Select((_, i) => "@a" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        await using var links = connection.Command($"SELECT alert_id, seq FROM alert_events WHERE alert_id IN ({string.Join(", ", names)}) ORDER BY alert_id, seq");
        for (var i = 0; i < alerts.Count; i++)
        {
            links.With(names[i], alerts[i].Id);
        }

        var sequences = alerts.ToDictionary(a => a.Id, _ => new List<long>());
        await using (var reader = await links.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sequences[reader.Int64(0)].Add(reader.Int64(1));
            }
        }

        return alerts.Select(a => a with { EventSequences = sequences[a.Id] }).ToList();
    }

    private static SecurityEventRecord ReadEvent(DbDataReader reader) =>
        new(
            reader.GetString(1),
            reader.Int64(2),
            reader.Int64(3),
            reader.Int64(4),
            reader.Int64(5) != 0,
            reader.Int64(6),
            (int)reader.Int64(7),
            reader.GetString(8),
            (int)reader.Int64(9),
            reader.GetString(10),
            (byte[])reader.GetValue(11),
            (byte[])reader.GetValue(12),
            reader.Int64(13))
        { Id = reader.Int64(0), ChainStatus = reader.NullableInt64(14) is { } chain ? (EventChainStatus)chain : null };

    private static void AddFilter(List<string> where, DbCommand command, string clause, string name, object? value)
    {
        if (value is not null)
        {
            where.Add(clause);
            command.With(name, value);
        }
    }

    private static string WhereClause(List<string> where) => where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);

    private static int PageLimit(int requested) =>
        requested is >= 1 and <= 1000 ? requested : throw new ArgumentOutOfRangeException(nameof(requested), requested, "A page holds 1 to 1000 items.");

    private static long? ParseCursor(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        return long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new ArgumentException($"Invalid page cursor '{cursor}': pass the nextCursor value of the previous page.", nameof(cursor));
    }

    private static Page<T> ToPage<T>(List<T> items, int limit, Func<T, long> id)
    {
        if (items.Count <= limit)
        {
            return new Page<T>(items, null);
        }

        items.RemoveAt(limit);
        return new Page<T>(items, id(items[^1]).ToString(CultureInfo.InvariantCulture));
    }
}
