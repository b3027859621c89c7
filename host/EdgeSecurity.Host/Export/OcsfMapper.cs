using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage.Model;
using T = EdgeSecurity.Firmware.Core.Events.EventTypes;

namespace EdgeSecurity.Host.Export;

/// <summary>
/// Maps device events, alerts and host events to OCSF 1.x JSON (docs/ocsf.md): every object carries the base
/// attributes OCSF requires (class_uid, category_uid, activity_id, type_uid, severity_id, time, metadata with
/// product and version) and those its class requires (device, finding_info, app, user, endpoints …). The
/// original record stays available under <c>unmapped</c>, so nothing is lost in translation.
/// </summary>
public static class OcsfMapper
{
    public const string SchemaVersion = "1.3.0";
    public const string ProductName = "EdgeSecurity";

    // OCSF device type_id 7 = IOT.
    private const int IotDevice = 7;

    private static readonly string ProductVersion =
        typeof(OcsfMapper).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    /// <summary>Where every catalogued device event type goes.</summary>
    public static IReadOnlyDictionary<int, OcsfTarget> EventTargets { get; } = new Dictionary<int, OcsfTarget>
    {
        [T.BootVerification] = new(OcsfClass.DeviceConfigStateChange, 1, "Log"),
        [T.IntegrityCheck] = new(OcsfClass.DeviceConfigStateChange, 1, "Log"),
        [T.ContainmentEntered] = new(OcsfClass.DeviceConfigStateChange, 1, "Log"),
        [T.ContainmentLeft] = new(OcsfClass.DeviceConfigStateChange, 1, "Log"),
        [T.ClockSet] = new(OcsfClass.DeviceConfigStateChange, 1, "Log"),
        [T.ClockJump] = new(OcsfClass.DeviceConfigStateChange, 1, "Log"),
        [T.ConfigurationChanged] = new(OcsfClass.DeviceConfigStateChange, 1, "Log"),
        [T.OtaDownloadStarted] = new(OcsfClass.ApplicationLifecycle, 99, "Download Started"),
        [T.OtaChunkFailed] = new(OcsfClass.ApplicationLifecycle, 99, "Download Failed"),
        [T.OtaInstalled] = new(OcsfClass.ApplicationLifecycle, 1, "Install"),
        [T.OtaTrialBoot] = new(OcsfClass.ApplicationLifecycle, 3, "Start"),
        [T.OtaConfirmed] = new(OcsfClass.ApplicationLifecycle, 8, "Update"),
        [T.OtaRolledBack] = new(OcsfClass.ApplicationLifecycle, 99, "Rollback"),
        [T.OtaOfferRefused] = new(OcsfClass.ApplicationLifecycle, 99, "Update Refused"),
        [T.OtaOfferReplayed] = new(OcsfClass.ApplicationLifecycle, 99, "Update Replay Refused"),
        [T.OtaVerified] = new(OcsfClass.ApplicationLifecycle, 99, "Verified"),
        [T.OtaFailed] = new(OcsfClass.ApplicationLifecycle, 99, "Update Failed"),
        [T.OtaDownloadStalled] = new(OcsfClass.ApplicationLifecycle, 99, "Download Stalled"),
        [T.OtaTrustRootInstalled] = new(OcsfClass.DeviceConfigStateChange, 1, "Log"),
        [T.OtaAlreadyInstalled] = new(OcsfClass.ApplicationLifecycle, 99, "Already Installed"),
        [T.OtaChunkIgnored] = new(OcsfClass.ApplicationLifecycle, 99, "Download Ignored"),
        [T.ConnectionFailure] = new(OcsfClass.NetworkActivity, 4, "Fail"),
        [T.AuthenticationFailure] = new(OcsfClass.Authentication, 1, "Logon"),
        [T.JournalThresholdReached] = new(OcsfClass.EventLogActivity, 99, "Threshold Reached"),
        [T.RecordsDropped] = new(OcsfClass.EventLogActivity, 2, "Delete"),
        [T.Heartbeat] = new(OcsfClass.DeviceInventoryInfo, 1, "Log"),
        [T.JournalRecovered] = new(OcsfClass.EventLogActivity, 99, "Recovered"),
        [T.JournalTampered] = new(OcsfClass.EventLogActivity, 99, "Tampered"),
    };

    /// <summary>Where every host event type goes.</summary>
    public static IReadOnlyDictionary<string, OcsfTarget> HostEventTargets { get; } = new Dictionary<string, OcsfTarget>(StringComparer.Ordinal)
    {
        [HostSecurityEvents.AuthenticationFailure] = new(OcsfClass.Authentication, 1, "Logon"),
        [HostSecurityEvents.AuthenticationRateLimited] = new(OcsfClass.Authentication, 99, "Rate Limited"),
        [HostSecurityEvents.BrokerConnectionRefused] = new(OcsfClass.Authentication, 1, "Logon"),
        [HostSecurityEvents.TokenCreated] = new(OcsfClass.AccountChange, 1, "Create"),
        [HostSecurityEvents.TokenRevoked] = new(OcsfClass.AccountChange, 5, "Disable"),
    };

    /// <summary>OCSF severity_id of our 0–4 (info → Informational … critical → Critical); 0 Unknown otherwise.</summary>
    public static int SeverityId(int severity) => severity is >= 0 and <= 4 ? severity + 1 : 0;

    public static JsonObject FromEvent(SecurityEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var target = EventTargets.TryGetValue(e.Type, out var known) ? known : new OcsfTarget(OcsfClass.BaseEvent, 99, e.TypeName);
        var fields = Api.Views.EventView.Of(e).Fields;
        var result = ResultCode(fields);
        var ocsf = Base(target, e.Severity, e.ReceivedAtMs, $"{e.TypeName} on {e.DeviceId}{Reason(fields)}", $"event:{e.DeviceId}:{e.Sequence}", "device-events");
        ocsf["metadata"]!["original_time"] = e.DeviceTimeMs.ToString(CultureInfo.InvariantCulture);
        ocsf["device"] = Device(e.DeviceId);
        if (result is { } code)
        {
            ocsf["status_id"] = code == 0 ? 1 : 2;
            ocsf["status"] = code == 0 ? "Success" : "Failure";
            ocsf["status_code"] = code.ToString(CultureInfo.InvariantCulture);
        }

        switch (target.Class.Uid)
        {
            case 6002:
                ocsf["app"] = new JsonObject
                {
                    ["name"] = "application bundle",
                    ["vendor_name"] = ProductName,
                    ["version"] = fields["version"]?.DeepClone(),
                };
                break;
            case 3002:
                ocsf["user"] = new JsonObject { ["name"] = e.DeviceId, ["uid"] = e.DeviceId, ["type"] = "System", ["type_id"] = 3 };
                ocsf["dst_endpoint"] = new JsonObject { ["hostname"] = fields["peer"]?.GetValue<string>() ?? "broker" };
                ocsf["service"] = new JsonObject { ["name"] = "MQTT broker" };
                break;
            case 4001:
                ocsf["src_endpoint"] = new JsonObject { ["hostname"] = e.DeviceId, ["uid"] = e.DeviceId };
                ocsf["dst_endpoint"] = new JsonObject { ["hostname"] = fields["endpoint"]?.GetValue<string>() ?? "broker" };
                break;
            case 1008:
                ocsf["log_name"] = "security event journal";
                ocsf["log_provider"] = ProductName + " firmware";
                break;
            case 5019:
                ocsf["state_id"] = 99;
                ocsf["state"] = e.TypeName;
                break;
            default:
                break;
        }

        ocsf["unmapped"] = new JsonObject
        {
            ["sequence"] = e.Sequence,
            ["boot_counter"] = e.BootCounter,
            ["device_time_trusted"] = e.DeviceTimeTrusted,
            ["uptime_ms"] = e.UptimeMs,
            ["type_id"] = e.Type,
            ["chain"] = Api.Views.EventView.ChainName(e.ChainStatus),
            ["fields"] = fields,
        };
        return ocsf;
    }

    public static JsonObject FromAlert(AlertRecord a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var (activity, activityName) = a.Status switch
        {
            AlertStatus.New => (1, "Create"),
            AlertStatus.Acknowledged => (2, "Update"),
            _ => (3, "Close"),
        };
        var (statusId, status) = a.Status switch
        {
            AlertStatus.New => (1, "New"),
            AlertStatus.Acknowledged => (2, "In Progress"),
            AlertStatus.FalsePositive => (3, "Suppressed"),
            AlertStatus.Resolved => (4, "Resolved"),
            _ => (99, AlertStatusNames.NameOf(a.Status)),
        };
        var ocsf = Base(new OcsfTarget(OcsfClass.DetectionFinding, activity, activityName), a.Severity, a.CreatedAtMs, $"{a.Title} ({a.DeviceId})", $"alert:{a.Id}", "alerts");
        ocsf["status_id"] = statusId;
        ocsf["status"] = status;
        ocsf["is_alert"] = a.Status is AlertStatus.New or AlertStatus.Acknowledged;
        ocsf["finding_info"] = new JsonObject
        {
            ["uid"] = "alert-" + a.Id.ToString(CultureInfo.InvariantCulture),
            ["title"] = a.Title,
            ["desc"] = a.Detail,
            ["types"] = new JsonArray(a.Rule),
            ["created_time"] = a.CreatedAtMs,
            ["modified_time"] = a.UpdatedAtMs,
            ["related_events"] = new JsonArray([.. a.EventSequences.Select(s => (JsonNode)new JsonObject { ["uid"] = $"event:{a.DeviceId}:{s}" })]),
        };
        ocsf["device"] = Device(a.DeviceId);
        ocsf["unmapped"] = new JsonObject { ["rule"] = a.Rule, ["assignee"] = a.Assignee, ["event_sequences"] = new JsonArray([.. a.EventSequences.Select(s => (JsonNode)s)]) };
        return ocsf;
    }

    public static JsonObject FromHostEvent(HostEventRecord h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var target = HostEventTargets.TryGetValue(h.Type, out var known) ? known : new OcsfTarget(OcsfClass.BaseEvent, 99, h.Type);
        var ocsf = Base(target, h.Severity, h.AtMs, $"{h.Type}: {h.Detail}", $"host-event:{h.Id}", "host-events");
        ocsf["device"] = Device(HostSecurityEvents.HostDeviceId, server: true);
        switch (target.Class.Uid)
        {
            case 3002:
                ocsf["status_id"] = 2;
                ocsf["status"] = "Failure";
                ocsf["status_detail"] = h.Detail;
                bool broker = h.Type == HostSecurityEvents.BrokerConnectionRefused;
                ocsf["user"] = new JsonObject { ["name"] = broker ? "unknown certificate holder" : "unknown API token holder", ["type"] = "Unknown", ["type_id"] = 0 };
                ocsf["service"] = new JsonObject { ["name"] = ProductName + (broker ? " MQTT broker" : " API") };
                if (broker)
                {
                    // A refused TLS client authentication: the client's certificate is what failed.
                    ocsf["auth_protocol"] = "TLS client certificate";
                    ocsf["auth_protocol_id"] = 99;
                }

                ocsf["src_endpoint"] = new JsonObject { ["ip"] = h.SourceAddress };
                break;
            case 3001:
                ocsf["user"] = new JsonObject { ["name"] = TokenName(h.Detail), ["type"] = "System", ["type_id"] = 3 };
                ocsf["actor"] = new JsonObject { ["user"] = new JsonObject { ["name"] = h.Actor ?? "unknown" } };
                break;
            default:
                break;
        }

        ocsf["unmapped"] = new JsonObject { ["type"] = h.Type, ["detail"] = h.Detail, ["actor"] = h.Actor };
        return ocsf;
    }

    private static JsonObject Base(OcsfTarget target, int severity, long timeMs, string message, string uid, string logName)
    {
        var severityId = SeverityId(severity);
        return new JsonObject
        {
            ["class_uid"] = target.Class.Uid,
            ["class_name"] = target.Class.Name,
            ["category_uid"] = target.Class.CategoryUid,
            ["category_name"] = target.Class.CategoryName,
            ["activity_id"] = target.ActivityId,
            ["activity_name"] = target.ActivityName,
            ["type_uid"] = (target.Class.Uid * 100) + target.ActivityId,
            ["type_name"] = $"{target.Class.Name}: {target.ActivityName}",
            ["severity_id"] = severityId,
            ["severity"] = severityId switch { 1 => "Informational", 2 => "Low", 3 => "Medium", 4 => "High", 5 => "Critical", _ => "Unknown" },
            ["time"] = timeMs,
            ["message"] = message,
            ["metadata"] = new JsonObject
            {
                ["version"] = SchemaVersion,
                ["uid"] = uid,
                ["log_name"] = logName,
                ["product"] = new JsonObject { ["name"] = ProductName, ["vendor_name"] = ProductName, ["version"] = ProductVersion },
            },
        };
    }

    private static JsonObject Device(string id, bool server = false) => new()
    {
        ["type_id"] = server ? 1 : IotDevice,
        ["type"] = server ? "Server" : "IOT",
        ["uid"] = id,
        ["name"] = id,
        ["hostname"] = id,
    };

    private static int? ResultCode(JsonObject fields) =>
        fields["resultCode"] is JsonValue value && value.TryGetValue<int>(out var code) ? code : null;

    private static string Reason(JsonObject fields) =>
        fields["reason"] is JsonValue value && value.TryGetValue<string>(out var reason) && reason.Length > 0 ? ": " + reason : "";

    // Token events say "token 'NAME' …".
    private static string TokenName(string detail)
    {
        var start = detail.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : detail.IndexOf('\'', start + 1);
        return end > start ? detail[(start + 1)..end] : detail;
    }
}
