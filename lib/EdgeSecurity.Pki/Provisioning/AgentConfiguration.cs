using System.Globalization;
using System.Text;
using EdgeSecurity.Firmware.Core.Topics;

namespace EdgeSecurity.Pki.Provisioning;

/// <summary>
/// agent.conf of a provisioning package: "key=value" lines, UTF-8, LF, '#' comment lines, so the device
/// parses it with String.Split and no JSON library (grammar in docs/formats/provisioning.md).
/// </summary>
public sealed class AgentConfiguration
{
    public const int FormatVersion = 1;

    public required string DeviceId { get; init; }

    public required string HardwareClass { get; init; }

    public required string BrokerHost { get; init; }

    public required int BrokerPort { get; init; }

    /// <summary>Epoch of the package's event key (docs/formats/events.md §2.1); 0 at the first enrolment.</summary>
    public int KeyEpoch { get; init; }

    public int HeartbeatIntervalSeconds { get; init; } = 60;

    public int IntegrityCheckIntervalSeconds { get; init; } = 3600;

    public IReadOnlyList<KeyValuePair<string, string>> ToEntries() =>
    [
        new("format", FormatVersion.ToString(CultureInfo.InvariantCulture)),
        new("device_id", DeviceId),
        new("hardware_class", HardwareClass),
        new("broker_host", BrokerHost),
        new("broker_port", BrokerPort.ToString(CultureInfo.InvariantCulture)),
        new("tls_min_version", "1.2"),
        new("mqtt_client_id", DeviceId),
        new("topic_root", DeviceTopics.DeviceRoot(DeviceId)),
        new("heartbeat_interval_s", HeartbeatIntervalSeconds.ToString(CultureInfo.InvariantCulture)),
        new("integrity_check_interval_s", IntegrityCheckIntervalSeconds.ToString(CultureInfo.InvariantCulture)),
        new("ca_file", ProvisioningPackage.CaCertificateFile),
        new("cert_file", ProvisioningPackage.DeviceCertificateFile),
        new("key_file", ProvisioningPackage.DeviceKeyFile),
        new("event_key_file", ProvisioningPackage.EventKeyFile),
        new("event_key_epoch", KeyEpoch.ToString(CultureInfo.InvariantCulture)),
        new("trust_root_file", ProvisioningPackage.TrustRootFile),
    ];

    public string ToText()
    {
        var text = new StringBuilder();
        text.Append("# EdgeSecurity agent configuration. Format: docs/formats/provisioning.md\n");
        foreach (var (key, value) in ToEntries())
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parses agent.conf text into its key/value pairs (the reference for device-side parsers).</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"agent.conf line {lineNumber}: expected key=value.");
            }

            string key = line[..equals];
            if (!entries.TryAdd(key, line[(equals + 1)..]))
            {
                throw new FormatException($"agent.conf line {lineNumber}: duplicate key '{key}'.");
            }
        }

        return entries;
    }
}
