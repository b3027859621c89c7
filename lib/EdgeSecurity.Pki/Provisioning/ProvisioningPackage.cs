using System.Security.Cryptography;
using System.Text;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Provisioning;

/// <summary>
/// Writes the provisioning package of one device: a directory named after the device holding every
/// file the device needs (layout in docs/formats/provisioning.md).
/// </summary>
public static class ProvisioningPackage
{
    public const string ConfigurationFile = "agent.conf";
    public const string CaCertificateFile = "ca.crt";
    public const string DeviceCertificateFile = "device.crt";
    public const string DeviceKeyFile = "device.key";
    public const string EventKeyFile = "event.key";
    public const string TrustRootFile = "trustroot.bin";
    public const string ChecksumsFile = "SHA256SUMS";

    /// <summary>The device volume image (with a first bundle): copied as is to the agent's storage root.</summary>
    public const string VolumeDirectory = "volume";

    public sealed record Contents(
        AgentConfiguration Configuration,
        string CaCertificatePem,
        string DeviceCertificatePem,
        string DeviceKeyPem,
        byte[] EventKey,
        byte[] TrustRoot)
    {
        /// <summary>A signed bundle to place in slot A of the package's device volume, or null.</summary>
        public FirstBundle? FirstBundle { get; init; }
    }

    /// <summary>The first bundle and the provisioning time its expiry is judged at.</summary>
    public sealed record FirstBundle(byte[] Bytes, DateTimeOffset Now);

    /// <summary>Writes the package to <paramref name="packageDirectory"/>, replacing what is there.</summary>
    public static void Write(string packageDirectory, Contents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        if (Directory.Exists(packageDirectory))
        {
            Directory.Delete(packageDirectory, recursive: true);
        }

        SecureFiles.CreateOwnerOnlyDirectory(packageDirectory);
        var files = new List<(string Name, byte[] Bytes, bool Secret)>
        {
            (ConfigurationFile, Encoding.UTF8.GetBytes(contents.Configuration.ToText()), false),
            (CaCertificateFile, Encoding.ASCII.GetBytes(contents.CaCertificatePem), false),
            (DeviceCertificateFile, Encoding.ASCII.GetBytes(contents.DeviceCertificatePem), false),
            (DeviceKeyFile, Encoding.ASCII.GetBytes(contents.DeviceKeyPem), true),
            (EventKeyFile, contents.EventKey, true),
            (TrustRootFile, contents.TrustRoot, false),
        };

        var sums = new StringBuilder();
        foreach (var (name, bytes, secret) in files)
        {
            string path = Path.Combine(packageDirectory, name);
            if (secret)
            {
                SecureFiles.WriteSecret(path, bytes);
            }
            else
            {
                SecureFiles.WritePublic(path, bytes);
            }

            // sha256sum -c format, so the person flashing can check a copied package.
            sums.Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append("  ").Append(name).Append('\n');
        }

        if (contents.FirstBundle is { } first)
        {
            // The image the device volume must hold: the core's installer places and verifies the bundle.
            string volume = Path.Combine(packageDirectory, VolumeDirectory);
            FirstBundleVolume.Build(volume, contents.TrustRoot, first.Bytes, contents.Configuration.HardwareClass, first.Now);

            foreach (string file in Directory.EnumerateFiles(volume, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string name = Path.GetRelativePath(packageDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
                sums.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))).Append("  ").Append(name).Append('\n');
            }
        }

        SecureFiles.WritePublic(Path.Combine(packageDirectory, ChecksumsFile), sums.ToString());
    }
}
