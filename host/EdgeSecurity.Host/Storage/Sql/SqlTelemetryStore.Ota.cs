using System.Data.Common;
using System.Globalization;
using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>The OTA tables (schema migration 3), in the same database and write path as the telemetry.</summary>
internal sealed partial class SqlTelemetryStore : IOtaStore
{
    private const string BundleColumns = "bundle_id, manifest_bundle_id, hardware_class, version, security_counter, expires_at, size_bytes, uploaded_by, uploaded_at";

    private const string CampaignColumns =
        "id, kind, subject, target, failure_threshold, window_start, window_end, status, status_reason, current_wave, wave_count, failures_at_resume, revision, created_by, created_at";

    private const string CampaignDeviceColumns = "device_id, hardware_class, wave, state, reason, chunks_present, chunks_total, offers, last_offer_at, updated_at";

    public IOtaStore Ota => this;

    public Task<bool> AddBundleAsync(OtaBundleRecord bundle, byte[] content, OtaAuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(content);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = connection.Command(
                    $"INSERT INTO ota_bundles ({BundleColumns}, content) VALUES (@id, @m, @hc, @v, @sc, @ex, @sz, @by, @at, @c) ON CONFLICT (bundle_id) DO NOTHING",
                    transaction)
                    .With("@id", bundle.Id).With("@m", bundle.ManifestBundleId).With("@hc", bundle.HardwareClass).With("@v", bundle.Version)
                    .With("@sc", bundle.SecurityCounter).With("@ex", bundle.ExpiresUnixSeconds).With("@sz", bundle.SizeBytes)
                    .With("@by", bundle.UploadedBy).With("@at", bundle.UploadedAtMs).With("@c", content);
                var added = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                await AppendAuditAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
                return added;
            },
            cancellationToken);
    }

    public async Task<OtaBundleRecord?> GetBundleAsync(string bundleId, CancellationToken cancellationToken)
    {
        var found = await ReadBundlesAsync("WHERE bundle_id = @id", bundleId, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<byte[]?> GetBundleContentAsync(string bundleId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command("SELECT content FROM ota_bundles WHERE bundle_id = @id").With("@id", bundleId);
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    public async Task<IReadOnlyList<OtaBundleRecord>> ListBundlesAsync(CancellationToken cancellationToken) =>
        await ReadBundlesAsync(string.Empty, null, cancellationToken).ConfigureAwait(false);

    public Task<bool> AddTrustRootAsync(OtaTrustRootRecord root, byte[] content, OtaAuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(content);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = connection.Command(
                    "INSERT INTO ota_trust_roots (version, expires_at, content, uploaded_by, uploaded_at) VALUES (@v, @ex, @c, @by, @at) ON CONFLICT (version) DO NOTHING",
                    transaction)
                    .With("@v", root.Version).With("@ex", root.ExpiresUnixSeconds).With("@c", content).With("@by", root.UploadedBy).With("@at", root.UploadedAtMs);
                var added = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                await AppendAuditAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
                return added;
            },
            cancellationToken);
    }

    public async Task<byte[]?> GetTrustRootContentAsync(int version, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command("SELECT content FROM ota_trust_roots WHERE version = @v").With("@v", version);
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    public async Task<IReadOnlyList<OtaTrustRootRecord>> ListTrustRootsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command("SELECT version, expires_at, uploaded_by, uploaded_at FROM ota_trust_roots ORDER BY version DESC");
        var roots = new List<OtaTrustRootRecord>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            roots.Add(new OtaTrustRootRecord((int)reader.Int64(0), reader.Int64(1), reader.GetString(2), reader.Int64(3)));
        }

        return roots;
    }

    public async Task<long> GetMinimumCounterAsync(string hardwareClass, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command("SELECT minimum FROM ota_minimum_counters WHERE hardware_class = @hc").With("@hc", hardwareClass);
        var value = await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyDictionary<string, long>> ListMinimumCountersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command("SELECT hardware_class, minimum FROM ota_minimum_counters ORDER BY hardware_class");
        var minimums = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            minimums[reader.GetString(0)] = reader.Int64(1);
        }

        return minimums;
    }

    public Task SetMinimumCounterAsync(string hardwareClass, long minimum, OtaAuditEntry audit, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using var upsert = connection.Command(
                    "INSERT INTO ota_minimum_counters (hardware_class, minimum) VALUES (@hc, @m) ON CONFLICT (hardware_class) DO UPDATE SET minimum = excluded.minimum",
                    transaction).With("@hc", hardwareClass).With("@m", minimum);
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await AppendAuditAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
                return 0;
            },
            cancellationToken);

    public Task SetDeviceTagsAsync(string deviceId, IReadOnlyCollection<string> tags, OtaAuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using (var clear = connection.Command("DELETE FROM device_tags WHERE device_id = @d", transaction).With("@d", deviceId))
                {
                    await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using var insert = connection.Command("INSERT INTO device_tags (device_id, tag) VALUES (@d, @t) ON CONFLICT (device_id, tag) DO NOTHING", transaction)
                    .With("@d", deviceId).With("@t", null);
                foreach (var tag in tags)
                {
                    insert.Set("@t", tag);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await AppendAuditAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
                return 0;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> GetDeviceTagsAsync(string deviceId, CancellationToken cancellationToken)
    {
        var all = await ReadTagsAsync("WHERE device_id = @d", deviceId, cancellationToken).ConfigureAwait(false);
        return all.TryGetValue(deviceId, out var tags) ? tags : [];
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ListDeviceTagsAsync(CancellationToken cancellationToken) =>
        await ReadTagsAsync(string.Empty, null, cancellationToken).ConfigureAwait(false);

    public Task<long> InsertCampaignAsync(Campaign campaign, OtaAuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var d = campaign.Definition;
                await using var insert = connection.Command(
                    dialect.InsertReturningId(
                        "INSERT INTO ota_campaigns (kind, subject, target, failure_threshold, window_start, window_end, status, status_reason, current_wave, wave_count, " +
                        "failures_at_resume, revision, created_by, created_at, updated_at) VALUES (@k, @s, @tg, @ft, @ws, @we, @st, @sr, @cw, @wc, @far, 1, @by, @at, @at)"),
                    transaction)
                    .With("@k", (int)d.Kind).With("@s", d.Subject).With("@tg", d.Target).With("@ft", d.FailureThreshold)
                    .With("@ws", d.Window?.StartMinute).With("@we", d.Window?.EndMinute).With("@st", (int)campaign.Status).With("@sr", campaign.StatusReason)
                    .With("@cw", campaign.CurrentWave).With("@wc", campaign.WaveCount).With("@far", campaign.FailuresAtResume).With("@by", d.CreatedBy).With("@at", d.CreatedAtMs);
                var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                await UpsertCampaignDevicesAsync(connection, transaction, id, campaign.TakeChangedDevices(), cancellationToken).ConfigureAwait(false);
                await AppendAuditAsync(connection, transaction, audit with { Subject = $"campaign {id}" }, cancellationToken).ConfigureAwait(false);
                return id;
            },
            cancellationToken);
    }

    public async Task<Campaign?> GetCampaignAsync(long campaignId, CancellationToken cancellationToken)
    {
        var found = await ReadCampaignsAsync("WHERE id = @id", campaignId, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<Campaign>> ListCampaignsAsync(CancellationToken cancellationToken) =>
        await ReadCampaignsAsync(string.Empty, null, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<long>> ListActiveCampaignIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command("SELECT id FROM ota_campaigns WHERE status IN (@r, @p) ORDER BY id")
            .With("@r", (int)CampaignStatus.Running).With("@p", (int)CampaignStatus.Paused);
        var ids = new List<long>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.Int64(0));
        }

        return ids;
    }

    public async Task<long?> FindActiveCampaignAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command(
            "SELECT c.id FROM ota_campaigns c JOIN ota_campaign_devices cd ON cd.campaign_id = c.id WHERE cd.device_id = @d AND c.status IN (@r, @p) ORDER BY c.id DESC LIMIT 1")
            .With("@d", deviceId).With("@r", (int)CampaignStatus.Running).With("@p", (int)CampaignStatus.Paused);
        var value = await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public async Task<bool> SaveCampaignAsync(Campaign campaign, OtaAuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var changed = campaign.TakeChangedDevices();
        var saved = await WriteAsync(
            async (connection, transaction) =>
            {
                await using var update = connection.Command(
                    "UPDATE ota_campaigns SET status = @st, status_reason = @sr, current_wave = @cw, failures_at_resume = @far, revision = revision + 1, updated_at = @u " +
                    "WHERE id = @id AND revision = @rev",
                    transaction)
                    .With("@st", (int)campaign.Status).With("@sr", campaign.StatusReason).With("@cw", campaign.CurrentWave).With("@far", campaign.FailuresAtResume)
                    .With("@u", changed.Count == 0 ? audit?.AtMs ?? campaign.Definition.CreatedAtMs : changed.Max(d => d.UpdatedAtMs))
                    .With("@id", campaign.Definition.Id).With("@rev", campaign.Revision);
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    // Another host saved first: commit nothing (the transaction has no other change yet).
                    return false;
                }

                await UpsertCampaignDevicesAsync(connection, transaction, campaign.Definition.Id, changed, cancellationToken).ConfigureAwait(false);
                if (audit is not null)
                {
                    await AppendAuditAsync(connection, transaction, audit, cancellationToken).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (saved)
        {
            campaign.Saved(campaign.Revision + 1);
        }

        return saved;
    }

    public async Task<Page<OtaAuditEntry>> QueryAuditAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        var pageSize = PageLimit(limit);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command(string.Empty);
        var where = new List<string>();
        AddFilter(where, query, "id < @cursor", "@cursor", ParseCursor(cursor));
        query.CommandText = $"SELECT id, at, actor, action, subject, detail FROM ota_audit{WhereClause(where)} ORDER BY id DESC LIMIT {pageSize + 1}";
        var entries = new List<OtaAuditEntry>();
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new OtaAuditEntry(reader.Int64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)) { Id = reader.Int64(0) });
            }
        }

        return ToPage(entries, pageSize, e => e.Id);
    }

    public Task<long> NextOfferSequenceAsync(string deviceId, long nowMs, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using var next = connection.Command(
                    "INSERT INTO ota_offer_sequences (device_id, last_sequence) VALUES (@d, @n) ON CONFLICT (device_id) DO UPDATE SET last_sequence = " +
                    "CASE WHEN excluded.last_sequence > ota_offer_sequences.last_sequence THEN excluded.last_sequence ELSE ota_offer_sequences.last_sequence + 1 END " +
                    "RETURNING last_sequence",
                    transaction).With("@d", deviceId).With("@n", nowMs);
                return Convert.ToInt64(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            },
            cancellationToken);

    private static async Task AppendAuditAsync(DbConnection connection, DbTransaction transaction, OtaAuditEntry audit, CancellationToken cancellationToken)
    {
        await using var insert = connection.Command("INSERT INTO ota_audit (at, actor, action, subject, detail) VALUES (@at, @a, @ac, @s, @de)", transaction)
            .With("@at", audit.AtMs).With("@a", audit.Actor).With("@ac", audit.Action).With("@s", audit.Subject).With("@de", audit.Detail);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task UpsertCampaignDevicesAsync(DbConnection connection, DbTransaction transaction, long campaignId, IReadOnlyList<CampaignDevice> devices, CancellationToken cancellationToken)
    {
        await using var upsert = connection.Command(
            $"INSERT INTO ota_campaign_devices (campaign_id, {CampaignDeviceColumns}) VALUES (@c, @d, @hc, @w, @st, @r, @cp, @ct, @o, @lo, @u) " +
            "ON CONFLICT (campaign_id, device_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, chunks_present = excluded.chunks_present, " +
            "chunks_total = excluded.chunks_total, offers = excluded.offers, last_offer_at = excluded.last_offer_at, updated_at = excluded.updated_at",
            transaction)
            .With("@c", campaignId).With("@d", null).With("@hc", null).With("@w", null).With("@st", null).With("@r", null)
            .With("@cp", null).With("@ct", null).With("@o", null).With("@lo", null).With("@u", null);
        foreach (var device in devices)
        {
            upsert.Set("@d", device.DeviceId);
            upsert.Set("@hc", device.HardwareClass);
            upsert.Set("@w", device.Wave);
            upsert.Set("@st", (int)device.State);
            upsert.Set("@r", device.Reason);
            upsert.Set("@cp", device.ChunksPresent);
            upsert.Set("@ct", device.ChunksTotal);
            upsert.Set("@o", device.Offers);
            upsert.Set("@lo", device.LastOfferAtMs);
            upsert.Set("@u", device.UpdatedAtMs);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<OtaBundleRecord>> ReadBundlesAsync(string where, string? bundleId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command($"SELECT {BundleColumns} FROM ota_bundles {where} ORDER BY uploaded_at DESC, bundle_id");
        if (bundleId is not null)
        {
            query.With("@id", bundleId);
        }

        var bundles = new List<OtaBundleRecord>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            bundles.Add(new OtaBundleRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.Int64(4), reader.Int64(5), reader.Int64(6), reader.GetString(7), reader.Int64(8)));
        }

        return bundles;
    }

    private async Task<Dictionary<string, IReadOnlyList<string>>> ReadTagsAsync(string where, string? deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command($"SELECT device_id, tag FROM device_tags {where} ORDER BY device_id, tag");
        if (deviceId is not null)
        {
            query.With("@d", deviceId);
        }

        var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var device = reader.GetString(0);
            if (!tags.TryGetValue(device, out var list))
            {
                tags[device] = list = [];
            }

            list.Add(reader.GetString(1));
        }

        return tags.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }

    private async Task<List<Campaign>> ReadCampaignsAsync(string where, long? campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command($"SELECT {CampaignColumns} FROM ota_campaigns {where} ORDER BY id DESC");
        if (campaignId is not null)
        {
            query.With("@id", campaignId);
        }

        var rows = new List<(CampaignDefinition Definition, CampaignStatus Status, string? Reason, int Wave, int Waves, int FailuresAtResume, long Revision)>();
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var windowStart = reader.NullableInt64(5);
                var windowEnd = reader.NullableInt64(6);
                var definition = new CampaignDefinition(
                    reader.Int64(0),
                    (CampaignKind)reader.Int64(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    (int)reader.Int64(4),
                    windowStart is { } s && windowEnd is { } e ? new MaintenanceWindow((int)s, (int)e) : null,
                    reader.GetString(13),
                    reader.Int64(14));
                rows.Add((definition, (CampaignStatus)reader.Int64(7), reader.NullableString(8), (int)reader.Int64(9), (int)reader.Int64(10), (int)reader.Int64(11), reader.Int64(12)));
            }
        }

        var campaigns = new List<Campaign>(rows.Count);
        foreach (var row in rows)
        {
            await using var devicesQuery = connection.Command($"SELECT {CampaignDeviceColumns} FROM ota_campaign_devices WHERE campaign_id = @c ORDER BY wave, device_id")
                .With("@c", row.Definition.Id);
            var devices = new List<CampaignDevice>();
            await using var reader = await devicesQuery.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                devices.Add(new CampaignDevice(
                    reader.GetString(0),
                    reader.NullableString(1),
                    (int)reader.Int64(2),
                    (DeviceOtaState)reader.Int64(3),
                    reader.NullableString(4),
                    reader.Int64(5),
                    reader.Int64(6),
                    (int)reader.Int64(7),
                    reader.NullableInt64(8),
                    reader.Int64(9)));
            }

            campaigns.Add(Campaign.Restore(row.Definition, row.Status, row.Wave, row.Waves, row.Reason, row.FailuresAtResume, row.Revision, devices));
        }

        return campaigns;
    }
}
