using EdgeSecurity.Firmware.Core.Events;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>Column types as each database spells them, so the schema is written once.</summary>
internal sealed record ColumnTypes(string Identity, string Integer, string Blob)
{
    /// <summary>DDL that makes a table append-only in the database itself (UPDATE and DELETE fail), for audit logs.</summary>
    public Func<string, string> AppendOnly { get; init; } = table => throw new NotSupportedException($"No append-only guard for {table} in this dialect.");

    /// <summary>
    /// A condition that is true when the JSON object in the text column has the given key with the integer 0: reading
    /// JSON differs between the dialects, and a migration that fills a column from stored fields needs it.
    /// </summary>
    public Func<string, string, string> JsonIntegerIsZero { get; init; } = (column, key) => throw new NotSupportedException($"No JSON reading for {column}.{key} in this dialect.");
}

/// <summary>The schema, one entry per version, rendered for a dialect's column types.</summary>
internal static class Schema
{
    public static IReadOnlyList<string> Render(ColumnTypes t) =>
    [
        $"""
        CREATE TABLE devices (
            device_id TEXT PRIMARY KEY,
            status {t.Integer} NOT NULL,
            hardware_class TEXT,
            enrolled_at {t.Integer} NOT NULL,
            last_seen_at {t.Integer},
            last_heartbeat_at {t.Integer},
            firmware_version TEXT,
            revoked_at {t.Integer});
        CREATE TABLE events (
            id {t.Identity},
            device_id TEXT NOT NULL,
            seq {t.Integer} NOT NULL,
            boot_counter {t.Integer} NOT NULL,
            device_time_ms {t.Integer} NOT NULL,
            time_trusted {t.Integer} NOT NULL,
            uptime_ms {t.Integer} NOT NULL,
            type {t.Integer} NOT NULL,
            type_name TEXT NOT NULL,
            severity {t.Integer} NOT NULL,
            fields_json TEXT NOT NULL,
            raw_record {t.Blob} NOT NULL,
            mac {t.Blob} NOT NULL,
            received_at {t.Integer} NOT NULL,
            UNIQUE (device_id, seq));
        CREATE INDEX ix_events_device ON events (device_id, id);
        CREATE INDEX ix_events_type ON events (type, id);
        CREATE TABLE chain_heads (
            device_id TEXT PRIMARY KEY,
            seq {t.Integer} NOT NULL,
            mac {t.Blob} NOT NULL);
        CREATE TABLE alerts (
            id {t.Identity},
            rule TEXT NOT NULL,
            device_id TEXT NOT NULL,
            severity {t.Integer} NOT NULL,
            title TEXT NOT NULL,
            detail TEXT NOT NULL,
            status {t.Integer} NOT NULL,
            created_at {t.Integer} NOT NULL,
            updated_at {t.Integer} NOT NULL);
        CREATE INDEX ix_alerts_open ON alerts (device_id, rule, status);
        CREATE TABLE alert_events (
            alert_id {t.Integer} NOT NULL,
            seq {t.Integer} NOT NULL,
            PRIMARY KEY (alert_id, seq));
        CREATE TABLE rejections (
            id {t.Identity},
            device_id TEXT,
            reason TEXT NOT NULL,
            payload_bytes {t.Integer} NOT NULL,
            at {t.Integer} NOT NULL);
        CREATE INDEX ix_rejections_reason ON rejections (reason);
        """,

        // 2: the device sequence of the boot event the firmware version came from (a late, older boot
        // event must not overwrite it), and the chain holes behind gap alerts with the drop report that
        // later explained each one.
        $"""
        ALTER TABLE devices ADD COLUMN firmware_version_seq {t.Integer};
        CREATE TABLE alert_gaps (
            alert_id {t.Integer} NOT NULL,
            first_seq {t.Integer} NOT NULL,
            last_seq {t.Integer} NOT NULL,
            explained_by_seq {t.Integer},
            PRIMARY KEY (alert_id, first_seq));
        """,

        // 3: OTA (docs/guide/ota.md): bundles stored content-addressed (id = SHA-256 hex of the container),
        // uploaded trust roots, the per-class minimum security counter, device tags, campaigns with each
        // targeted device's progress (revision: optimistic concurrency between host instances), the
        // append-only audit of operator actions, and the last offer sequence sent to each device.
        $"""
        CREATE TABLE ota_bundles (
            bundle_id TEXT PRIMARY KEY,
            manifest_bundle_id TEXT NOT NULL,
            hardware_class TEXT NOT NULL,
            version TEXT NOT NULL,
            security_counter {t.Integer} NOT NULL,
            expires_at {t.Integer} NOT NULL,
            size_bytes {t.Integer} NOT NULL,
            content {t.Blob} NOT NULL,
            uploaded_by TEXT NOT NULL,
            uploaded_at {t.Integer} NOT NULL);
        CREATE TABLE ota_trust_roots (
            version {t.Integer} PRIMARY KEY,
            expires_at {t.Integer} NOT NULL,
            content {t.Blob} NOT NULL,
            uploaded_by TEXT NOT NULL,
            uploaded_at {t.Integer} NOT NULL);
        CREATE TABLE ota_minimum_counters (
            hardware_class TEXT PRIMARY KEY,
            minimum {t.Integer} NOT NULL);
        CREATE TABLE device_tags (
            device_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            PRIMARY KEY (device_id, tag));
        CREATE INDEX ix_device_tags_tag ON device_tags (tag);
        CREATE TABLE ota_campaigns (
            id {t.Identity},
            kind {t.Integer} NOT NULL,
            subject TEXT NOT NULL,
            target TEXT NOT NULL,
            failure_threshold {t.Integer} NOT NULL,
            window_start {t.Integer},
            window_end {t.Integer},
            status {t.Integer} NOT NULL,
            status_reason TEXT,
            current_wave {t.Integer} NOT NULL,
            wave_count {t.Integer} NOT NULL,
            failures_at_resume {t.Integer} NOT NULL,
            revision {t.Integer} NOT NULL,
            created_by TEXT NOT NULL,
            created_at {t.Integer} NOT NULL,
            updated_at {t.Integer} NOT NULL);
        CREATE TABLE ota_campaign_devices (
            campaign_id {t.Integer} NOT NULL,
            device_id TEXT NOT NULL,
            hardware_class TEXT,
            wave {t.Integer} NOT NULL,
            state {t.Integer} NOT NULL,
            reason TEXT,
            chunks_present {t.Integer} NOT NULL,
            chunks_total {t.Integer} NOT NULL,
            offers {t.Integer} NOT NULL,
            last_offer_at {t.Integer},
            updated_at {t.Integer} NOT NULL,
            PRIMARY KEY (campaign_id, device_id));
        CREATE INDEX ix_campaign_devices_device ON ota_campaign_devices (device_id);
        CREATE TABLE ota_audit (
            id {t.Identity},
            at {t.Integer} NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT NOT NULL);
        CREATE TABLE ota_offer_sequences (
            device_id TEXT PRIMARY KEY,
            last_sequence {t.Integer} NOT NULL);
        {t.AppendOnly("ota_audit")}
        """,

        // 4 (issue 12): a rejection row stands for every message of one device
        // rejected for one reason within the host's aggregation window, so a flood writes a few rows.
        $"""
        ALTER TABLE rejections ADD COLUMN messages {t.Integer} NOT NULL DEFAULT 1;
        CREATE INDEX ix_rejections_device ON rejections (device_id, at);
        """,

        // 5 (SOC: tokens and host events): API tokens shared by every host on the database (hash only), and
        // the host's own security events (failed API authentication, rate limiting, token changes).
        $"""
        CREATE TABLE api_tokens (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            created_at {t.Integer} NOT NULL,
            revoked_at {t.Integer});
        CREATE TABLE host_events (
            id {t.Identity},
            at {t.Integer} NOT NULL,
            type TEXT NOT NULL,
            severity {t.Integer} NOT NULL,
            source_address TEXT,
            actor TEXT,
            detail TEXT NOT NULL);
        CREATE INDEX ix_host_events_at ON host_events (at);
        """,

        // 6 (SOC: chain status): how each stored record joined its device's chain, as the verifier decided at
        // ingest (0 linked, 1 after an explained gap, 2 after an unexplained gap); NULL for records stored before.
        $"""
        ALTER TABLE events ADD COLUMN chain_status {t.Integer};
        """,

        // 7 (SOC: alert triage): states new 0, acknowledged 1, resolved 3, false positive 4 (the analyst's
        // "closed" 2 becomes resolved, recorded in the audit log), an assignee, and the append-only audit log of
        // every triage action (notes are audit entries).
        $"""
        ALTER TABLE alerts ADD COLUMN assignee TEXT;
        CREATE TABLE alert_audit (
            id {t.Identity},
            alert_id {t.Integer} NOT NULL,
            at {t.Integer} NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            note TEXT);
        CREATE INDEX ix_alert_audit_alert ON alert_audit (alert_id, id);
        INSERT INTO alert_audit (alert_id, at, actor, action, old_value, new_value, note)
            SELECT id, updated_at, 'migration', 'status', 'closed', 'resolved', 'closed before triage states existed' FROM alerts WHERE status = 2;
        UPDATE alerts SET status = 3 WHERE status = 2;
        {t.AppendOnly("alert_audit")}
        """,

        // 8 (SOC: export): where each configured forwarder has got to in each source (events, alerts, host
        // events), so forwarding resumes after a restart; advanced only after the sink took the records.
        $"""
        CREATE TABLE export_cursors (
            forwarder TEXT NOT NULL,
            source TEXT NOT NULL,
            last_id {t.Integer} NOT NULL,
            PRIMARY KEY (forwarder, source));
        """,

        // 9 (metrics: advisories and posture): security advisories an operator records (affected versions as a JSON
        // array; changes are audited in ota_audit, the operators' append-only log), and an index so a device's
        // newest boot, integrity and containment events are found by seeks when the device list shows posture.
        $"""
        CREATE TABLE advisories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            severity TEXT NOT NULL,
            hardware_class TEXT NOT NULL,
            affected_versions TEXT NOT NULL,
            fixed_in TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at {t.Integer} NOT NULL);
        CREATE INDEX ix_events_device_type ON events (device_id, type, seq);
        """,

        // 10 (identity: key epochs): the key epoch of each device's chain head, so that records MAC'd with a key a
        // re-enrolment replaced are never taken as new (docs/formats/events.md §2.1); 0 for heads stored before.
        $"""
        ALTER TABLE chain_heads ADD COLUMN key_epoch {t.Integer} NOT NULL DEFAULT 0;
        """,

        // 11 (identity: certificate lifetime): when each device's current certificate expires, from the fleet
        // registry, for the device API (certificateExpiresAt); NULL until the registry is next imported.
        $"""
        ALTER TABLE devices ADD COLUMN certificate_expires_at {t.Integer};
        """,

        // 12 (SOC performance): event search by minimum severity and by time received, newest first, at a million
        // events (docs/performance.md "SOC queries"): each index ends in id, so a page is read in id order from it.
        $"""
        CREATE INDEX ix_events_severity ON events (severity, id);
        CREATE INDEX ix_events_received ON events (received_at, id);
        """,

        // 13 (SOC performance: fleet summary): each device's newest integrity check (highest device sequence) and
        // whether it reported a violation, kept by ingest in the batch's transaction, so the fleet summary reads one
        // row per device instead of seeking the events table once per device (decision 201); filled here from the
        // events already stored, with the rule the posture applies (result code 0 is ok, anything else violated).
        $"""
        CREATE TABLE device_integrity (
            device_id TEXT PRIMARY KEY,
            seq {t.Integer} NOT NULL,
            violated {t.Integer} NOT NULL);
        INSERT INTO device_integrity (device_id, seq, violated)
            SELECT e.device_id, e.seq, CASE WHEN {t.JsonIntegerIsZero("e.fields_json", EventFieldIds.Outcome.ResultCode.ToString(System.Globalization.CultureInfo.InvariantCulture))} THEN 0 ELSE 1 END
            FROM events e
            WHERE e.type = {EventTypes.IntegrityCheck} AND e.seq = (SELECT MAX(x.seq) FROM events x WHERE x.device_id = e.device_id AND x.type = {EventTypes.IntegrityCheck});
        """,

        // 14 (posture attestation): the host's nonces (single use, deadline, state 0 pending / 1 answered / 2 late)
        // and each device's latest attestation outcome with the last posture it proved (docs/attestation.md).
        $"""
        CREATE TABLE attestation_challenges (
            nonce TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            issued_at {t.Integer} NOT NULL,
            deadline_at {t.Integer} NOT NULL,
            state {t.Integer} NOT NULL,
            answered_at {t.Integer});
        CREATE INDEX ix_attestation_challenges_open ON attestation_challenges (state, deadline_at);
        CREATE TABLE device_attestations (
            device_id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            state_at {t.Integer} NOT NULL,
            state_detail TEXT,
            last_challenge_at {t.Integer},
            next_challenge_at {t.Integer},
            attested_at {t.Integer},
            key_epoch {t.Integer},
            boot_count {t.Integer},
            boot_mode {t.Integer},
            running_slot {t.Integer},
            trial {t.Integer},
            bundle_digest TEXT,
            bundle_counter {t.Integer},
            confirmed_counter {t.Integer},
            containment {t.Integer},
            integrity {t.Integer},
            journal_seq {t.Integer},
            journal_mac TEXT,
            uptime_ms {t.Integer},
            chain_check TEXT);
        """,

        // 15 (hardening: atomic alert raising): the key that makes a raising the same incident as an alert already
        // raised, unique per rule and device among new alerts (open_key: repeats extend the open alert) or among all
        // (once_key: one alert per certificate), so host instances raising at once insert one alert (decision 211).
        // Each rule and device's oldest new alert takes the default key, so raisings after the upgrade extend it.
        """
        ALTER TABLE alerts ADD COLUMN open_key TEXT;
        ALTER TABLE alerts ADD COLUMN once_key TEXT;
        UPDATE alerts SET open_key = '' WHERE status = 0 AND id IN (SELECT MIN(id) FROM alerts WHERE status = 0 GROUP BY rule, device_id);
        CREATE UNIQUE INDEX ux_alerts_open_key ON alerts (rule, device_id, open_key) WHERE status = 0 AND open_key IS NOT NULL;
        CREATE UNIQUE INDEX ux_alerts_once_key ON alerts (rule, device_id, once_key) WHERE once_key IS NOT NULL;
        """,
    ];
}
