using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// The name of the host instances' shared-subscription group. mosquitto 2.0.11 lets any client join any
/// group (its ACL file does not check subscriptions) and drops each message it hands to a member that may
/// not read it, so a device that joins the hosts' group takes a share of the fleet's events away from them.
/// The name is therefore a secret of the host service: derived from the service private key, which every
/// host instance of the fleet holds and no device does, it is the same for all instances and unguessable
/// to devices. A configured name must be just as secret; the well-known default is refused.
/// </summary>
public static class ShareGroupName
{
    private const string Prefix = "edgesec-host-";

    private static readonly byte[] Label = "EdgeSecurity shared-subscription group v1"u8.ToArray();

    /// <summary>The configured group, or the one derived from the service key when none is configured.</summary>
    public static string Resolve(string? configured, PkiLayout pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        if (string.IsNullOrEmpty(configured))
        {
            return Derive(File.ReadAllBytes(pki.ServiceKey));
        }

        if (string.Equals(configured, DeviceTopics.DefaultShareGroup, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Ingest:ShareGroup '{configured}' is a published name: any device could join the group and take events from the host. " +
                "Remove the setting (the host then derives a secret name from its service key) or set a secret, random name.");
        }

        return configured;
    }

    /// <summary>"edgesec-host-" and 32 hex digits of HMAC-SHA256(service key file, label).</summary>
    public static string Derive(byte[] serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        byte[] mac = HMACSHA256.HashData(serviceKey, Label);
        return Prefix + Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }
}
