using System.Globalization;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Ota.Campaigns;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Bench.Soc;

/// <summary>The rows of one table, in insert order; identity columns are left to the database (ids 1, 2, … in row order).</summary>
internal sealed record SocTable(string Name, string[] Columns, IEnumerable<object?[]> Rows);

/// <summary>
/// A SOC's database after 30 days of a fleet, generated row by row (deterministic, nothing held in memory but
/// each device's chain head): devices over three hardware classes, events whose records are real
/// (<see cref="EventRecordCodec"/>, MAC-chained per device from the zero genesis, fields JSON as ingest stores it)
/// and arrive interleaved across devices with ids in time order, alerts of the default rules with their linked
/// events, gaps and triage audit entries, OTA campaigns with per-device progress, and host security events.
/// </summary>
internal sealed class SocDataSet
{
    /// <summary>One alert per this many events (20,000 at 1,000,000): the default rules on a noisy fleet.</summary>
    public const int EventsPerAlert = 50;

    public const int Campaigns = 20;

    public const int DevicesPerCampaign = 500;

    public const int HostEvents = 1_000;

    private static readonly string[] HardwareClasses = ["esp32-devkit", "esp32-s3-gateway", "esp32-c3-sensor"];

    private static readonly string[] AlertRules =
    [
        DefaultAlertRules.ChainGap, DefaultAlertRules.ConnectionFailureBurst, DefaultAlertRules.SilentDevice,
        DefaultAlertRules.IntegrityViolation, DefaultAlertRules.BootFailure, DefaultAlertRules.JournalDrops,
    ];

    private readonly byte[] _eventKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public SocDataSet(int devices, int events, long nowMs)
    {
        Devices = devices;
        Events = events;
        EndMs = nowMs;
        StartMs = nowMs - (30L * 24 * 3600 * 1000);
    }

    public int Devices { get; }

    public int Events { get; }

    public int Alerts => Events / EventsPerAlert;

    public long StartMs { get; }

    public long EndMs { get; }

    public static string DeviceId(int index) => "soc-" + index.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>Events of device d have sequence 1, 2, …: event i belongs to device i mod D with sequence i / D + 1.</summary>
    public int EventsOf(int device) => (Events / Devices) + (device < Events % Devices ? 1 : 0);

    public long ReceivedAt(long eventIndex) => StartMs + ((EndMs - StartMs) * eventIndex / Events);

    /// <summary>The tables in an order that keeps references valid (alerts before what points at them).</summary>
    public IEnumerable<SocTable> Tables()
    {
        var heads = new byte[Devices][];
        var integrity = new (long Sequence, bool Violated)?[Devices];
        yield return new SocTable("events", ["device_id", "seq", "boot_counter", "device_time_ms", "time_trusted", "uptime_ms", "type", "type_name", "severity", "fields_json", "raw_record", "mac", "received_at", "chain_status"], EventRows(heads, integrity));
        yield return new SocTable("chain_heads", ["device_id", "seq", "mac"], Enumerable.Range(0, Devices).Select(d => new object?[] { DeviceId(d), (long)EventsOf(d), heads[d] }));
        yield return new SocTable("device_integrity", ["device_id", "seq", "violated"], IntegrityRows(integrity));
        yield return new SocTable("devices", ["device_id", "status", "hardware_class", "enrolled_at", "last_seen_at", "last_heartbeat_at", "firmware_version", "revoked_at", "firmware_version_seq"], DeviceRows());
        yield return new SocTable("alerts", ["rule", "device_id", "severity", "title", "detail", "status", "created_at", "updated_at", "assignee"], AlertRows());
        yield return new SocTable("alert_events", ["alert_id", "seq"], AlertEventRows());
        yield return new SocTable("alert_gaps", ["alert_id", "first_seq", "last_seq", "explained_by_seq"], AlertGapRows());
        yield return new SocTable("alert_audit", ["alert_id", "at", "actor", "action", "old_value", "new_value", "note"], AlertAuditRows());
        yield return new SocTable("ota_campaigns", ["kind", "subject", "target", "failure_threshold", "window_start", "window_end", "status", "status_reason", "current_wave", "wave_count", "failures_at_resume", "revision", "created_by", "created_at", "updated_at"], CampaignRows());
        yield return new SocTable("ota_campaign_devices", ["campaign_id", "device_id", "hardware_class", "wave", "state", "reason", "chunks_present", "chunks_total", "offers", "last_offer_at", "updated_at"], CampaignDeviceRows());
        yield return new SocTable("host_events", ["at", "type", "severity", "source_address", "actor", "detail"], HostEventRows());
    }

    // What ingest keeps in device_integrity: each device's newest integrity check (its events come in sequence order).
    private IEnumerable<object?[]> IntegrityRows((long Sequence, bool Violated)?[] integrity)
    {
        for (var d = 0; d < Devices; d++)
        {
            if (integrity[d] is { } check)
            {
                yield return [DeviceId(d), check.Sequence, check.Violated ? 1L : 0L];
            }
        }
    }

    private IEnumerable<object?[]> EventRows(byte[][] heads, (long Sequence, bool Violated)?[] integrity)
    {
        var mac = new HmacSha256MacPrimitive();
        for (long i = 0; i < Events; i++)
        {
            var device = (int)(i % Devices);
            var sequence = (i / Devices) + 1;
            var receivedAt = ReceivedAt(i);
            var content = EventContent(i, sequence);
            var record = new EventRecord
            {
                DeviceId = DeviceId(device),
                BootCounter = 1,
                Sequence = sequence,
                DeviceTimeUnixMs = receivedAt - 200,
                DeviceTimeTrusted = true,
                UptimeMs = sequence * 60_000,
                EventType = content.Type,
                Severity = content.Severity,
                Priority = content.Priority,
                Fields = content.Fields,
            };
            var bytes = EventRecordCodec.Encode(record);
            var chained = EventChain.ComputeMac(mac, _eventKey, heads[device] ?? EventChain.Genesis(), bytes);
            heads[device] = chained;
            if (content.Type == EventTypes.IntegrityCheck)
            {
                integrity[device] = (sequence, content.Fields.Single(f => f.Id == EventFieldIds.Outcome.ResultCode).Int32Value != 0);
            }

            yield return
            [
                record.DeviceId, sequence, 1L, record.DeviceTimeUnixMs, 1L, record.UptimeMs, (long)record.EventType,
                EventCatalogue.NameOf(record.EventType), (long)record.Severity, EventRecordMapper.FieldsJson(record), bytes, chained, receivedAt,
                (long)EventChainStatus.Linked,
            ];
        }
    }

    // Mostly telemetry (heartbeats), an integrity check every eighth record, and the rarer security events a
    // fleet reports: failed connections and authentications, failed integrity checks.
    private static SecurityEvent EventContent(long index, long sequence)
    {
        if (sequence == 1)
        {
            return SecurityEvents.BootVerification(0, "ok", "a", "1.2.0", "1.1.0", 3);
        }

        if (index % 4999 == 0)
        {
            return SecurityEvents.IntegrityCheck(1, "digest differs", "app.json", 1);
        }

        if (index % 997 == 0)
        {
            return SecurityEvents.AuthenticationFailure("broker", 5, "certificate rejected", (int)(index % 5) + 1);
        }

        if (index % 211 == 0)
        {
            return SecurityEvents.ConnectionFailure("mqtt.example.net:8883", 3, "timeout", (int)(index % 7) + 1);
        }

        return sequence % 8 == 0
            ? SecurityEvents.IntegrityCheck(0, "ok", "app", 0)
            : SecurityEvents.Heartbeat(120_000 - (index % 4096), sequence * 60_000, (int)(sequence % 500), 40_000, 65_536, 0, 0, 0);
    }

    private IEnumerable<object?[]> DeviceRows()
    {
        for (var d = 0; d < Devices; d++)
        {
            var lastEvent = ((long)(EventsOf(d) - 1) * Devices) + d;
            var revoked = d % 100 == 99;
            yield return
            [
                DeviceId(d), (long)(revoked ? DeviceStatus.Revoked : DeviceStatus.Active), HardwareClasses[d % HardwareClasses.Length], StartMs - 86_400_000,
                ReceivedAt(lastEvent), ReceivedAt(lastEvent), d % 10 < 7 ? "1.2.1" : "1.2.0", revoked ? (object)(EndMs - 3_600_000) : null, 1L,
            ];
        }
    }

    /// <summary>Alert a (0-based) is raised at the time of event a × <see cref="EventsPerAlert"/> on that event's device.</summary>
    private (string Rule, int Device, long CreatedAt, long Sequence) Alert(long alert)
    {
        var eventIndex = alert * EventsPerAlert;
        return (AlertRules[alert % AlertRules.Length], (int)(eventIndex % Devices), ReceivedAt(eventIndex), (eventIndex / Devices) + 1);
    }

    // Old alerts are mostly dealt with; the queue (status new) holds about a tenth, the newest ones among them.
    private static AlertStatus AlertStatusOf(long alert, long alerts) =>
        alert > alerts - (alerts / 50) ? AlertStatus.New : (alert % 10) switch
        {
            9 => AlertStatus.New,
            8 => AlertStatus.Acknowledged,
            7 => AlertStatus.FalsePositive,
            _ => AlertStatus.Resolved,
        };

    private IEnumerable<object?[]> AlertRows()
    {
        for (long a = 0; a < Alerts; a++)
        {
            var (rule, device, createdAt, sequence) = Alert(a);
            var status = AlertStatusOf(a, Alerts);
            yield return
            [
                rule, DeviceId(device), (long)(rule == DefaultAlertRules.IntegrityViolation ? 4 : 3), $"{rule} on {DeviceId(device)}",
                $"#{sequence.ToString(CultureInfo.InvariantCulture)} raised by the bench data set", (long)status, createdAt,
                status == AlertStatus.New ? createdAt : createdAt + 1_800_000, status == AlertStatus.New ? null : "analyst-" + (a % 5).ToString(CultureInfo.InvariantCulture),
            ];
        }
    }

    private IEnumerable<object?[]> AlertEventRows()
    {
        for (long a = 0; a < Alerts; a++)
        {
            var sequence = Alert(a).Sequence;
            yield return [a + 1, sequence];
            if (sequence > 1)
            {
                yield return [a + 1, sequence - 1];
            }
        }
    }

    private IEnumerable<object?[]> AlertGapRows()
    {
        for (long a = 0; a < Alerts; a++)
        {
            var (rule, _, _, sequence) = Alert(a);
            if (rule == DefaultAlertRules.ChainGap)
            {
                yield return [a + 1, sequence, sequence, a % 2 == 0 ? sequence + 1 : null];
            }
        }
    }

    private IEnumerable<object?[]> AlertAuditRows()
    {
        for (long a = 0; a < Alerts; a++)
        {
            var status = AlertStatusOf(a, Alerts);
            if (status != AlertStatus.New)
            {
                yield return [a + 1, Alert(a).CreatedAt + 1_800_000, "analyst-" + (a % 5).ToString(CultureInfo.InvariantCulture), "status", "new", AlertStatusNames.NameOf(status), a % 3 == 0 ? "checked with the device owner" : null];
            }
        }
    }

    private IEnumerable<object?[]> CampaignRows()
    {
        for (var c = 0; c < Campaigns; c++)
        {
            var createdAt = StartMs + (c * ((EndMs - StartMs) / Campaigns));
            var running = c == Campaigns - 1;
            yield return
            [
                (long)CampaignKind.Bundle, Convert.ToHexString(BitConverter.GetBytes((long)c)).ToLowerInvariant().PadLeft(64, '0'), "{\"tags\":[\"wave-" + c.ToString(CultureInfo.InvariantCulture) + "\"]}",
                2L, null, null, (long)(running ? CampaignStatus.Running : CampaignStatus.Completed), null, running ? 1L : 2L, 3L, 0L, 10L, "operator", createdAt, createdAt + 86_400_000,
            ];
        }
    }

    private IEnumerable<object?[]> CampaignDeviceRows()
    {
        var perCampaign = Math.Min(DevicesPerCampaign, Devices);
        for (var c = 0; c < Campaigns; c++)
        {
            var updatedAt = StartMs + (c * ((EndMs - StartMs) / Campaigns)) + 3_600_000;
            for (var k = 0; k < perCampaign; k++)
            {
                var device = ((c * perCampaign) + k) % Devices;
                var state = k % 50 == 0 ? DeviceOtaState.RolledBack : k % 33 == 0 ? DeviceOtaState.Failed : c == Campaigns - 1 && k % 3 == 0 ? DeviceOtaState.Downloading : DeviceOtaState.Confirmed;
                yield return
                [
                    (long)(c + 1), DeviceId(device), HardwareClasses[device % HardwareClasses.Length], (long)(k * 3 / perCampaign), (long)state,
                    state.IsFailure() ? "health check failed" : null, state == DeviceOtaState.Downloading ? 20L : 64L, 64L, 1L, updatedAt, updatedAt,
                ];
            }
        }
    }

    private IEnumerable<object?[]> HostEventRows()
    {
        for (long h = 0; h < HostEvents; h++)
        {
            yield return [StartMs + ((EndMs - StartMs) * h / HostEvents), EdgeSecurity.Host.Api.HostSecurityEvents.AuthenticationFailure, 3L, "192.0.2." + (h % 250).ToString(CultureInfo.InvariantCulture), null, "unknown token"];
        }
    }
}
