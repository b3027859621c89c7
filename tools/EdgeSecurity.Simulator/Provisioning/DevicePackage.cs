using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki.Provisioning;

namespace EdgeSecurity.Simulator.Provisioning;

/// <summary>
/// One device's provisioning package as written by 'edgesec device enroll' (docs/formats/provisioning.md),
/// read the way the device agent reads it: agent.conf plus the files it names.
/// </summary>
public sealed class DevicePackage
{
    private DevicePackage(string directory, IReadOnlyDictionary<string, string> config)
    {
        Directory = directory;
        DeviceId = Required(config, "device_id");
        HardwareClass = Required(config, "hardware_class");
        BrokerHost = Required(config, "broker_host");
        BrokerPort = Number(config, "broker_port");
        HeartbeatIntervalSeconds = config.ContainsKey("heartbeat_interval_s") ? Number(config, "heartbeat_interval_s") : 60;
        IntegrityIntervalSeconds = config.ContainsKey("integrity_check_interval_s") ? Number(config, "integrity_check_interval_s") : 3600;
        // Packages written before key epochs existed hold the key of epoch 0.
        KeyEpoch = !config.TryGetValue("event_key_epoch", out var epoch) ? (ushort)0
            : ushort.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
            : throw new InvalidDataException($"agent.conf: 'event_key_epoch' must be a number from 0 to {ushort.MaxValue}.");
        CaCertificateFile = FileOf(config, "ca_file", ProvisioningPackage.CaCertificateFile);
        CertificateFile = FileOf(config, "cert_file", ProvisioningPackage.DeviceCertificateFile);
        KeyFile = FileOf(config, "key_file", ProvisioningPackage.DeviceKeyFile);
        EventKeyFile = FileOf(config, "event_key_file", ProvisioningPackage.EventKeyFile);
        TrustRootFile = FileOf(config, "trust_root_file", ProvisioningPackage.TrustRootFile);
        var volume = Path.Combine(directory, ProvisioningPackage.VolumeDirectory);
        VolumeDirectory = System.IO.Directory.Exists(volume) ? volume : null;
    }

    public string Directory { get; }

    public string DeviceId { get; }

    public string HardwareClass { get; }

    public string BrokerHost { get; }

    public int BrokerPort { get; }

    public int HeartbeatIntervalSeconds { get; }

    public int IntegrityIntervalSeconds { get; }

    /// <summary>Epoch of the package's event key (docs/formats/events.md §2.1).</summary>
    public ushort KeyEpoch { get; }

    public string CaCertificateFile { get; }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    public string EventKeyFile { get; }

    public string TrustRootFile { get; }

    /// <summary>The device volume image with a first bundle in slot A (enrolled with --bundle), or null.</summary>
    public string? VolumeDirectory { get; }

    /// <summary>Reads the package in <paramref name="directory"/>; a missing or malformed file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static DevicePackage Load(string directory)
    {
        var configPath = Path.Combine(directory, ProvisioningPackage.ConfigurationFile);
        if (!File.Exists(configPath))
        {
            throw new InvalidDataException($"'{directory}' is not a provisioning package: {ProvisioningPackage.ConfigurationFile} is missing.");
        }

        IReadOnlyDictionary<string, string> config;
        try
        {
            config = AgentConfiguration.Parse(File.ReadAllText(configPath));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{configPath}: {e.Message}", e);
        }

        var package = new DevicePackage(directory, config);
        foreach (var file in new[] { package.CaCertificateFile, package.CertificateFile, package.KeyFile, package.EventKeyFile, package.TrustRootFile })
        {
            if (!File.Exists(file))
            {
                throw new InvalidDataException($"provisioning package of {package.DeviceId}: {Path.GetFileName(file)} is missing.");
            }
        }

        return package;
    }

    /// <summary>Every package directory under <paramref name="packagesDirectory"/>, ordered by device id.</summary>
    public static IReadOnlyList<DevicePackage> LoadAll(string packagesDirectory)
    {
        if (!System.IO.Directory.Exists(packagesDirectory))
        {
            throw new InvalidDataException($"No provisioning packages: '{packagesDirectory}' does not exist (run 'edgesec device enroll' first).");
        }

        return [.. System.IO.Directory.EnumerateDirectories(packagesDirectory)
            .Where(d => File.Exists(Path.Combine(d, ProvisioningPackage.ConfigurationFile)))
            .Select(Load)
            .OrderBy(p => p.DeviceId, StringComparer.Ordinal)];
    }

    public byte[] ReadEventKey() => File.ReadAllBytes(EventKeyFile);

    public byte[] ReadTrustRoot() => File.ReadAllBytes(TrustRootFile);

    public X509Certificate2 LoadCaCertificate() => X509CertificateLoader.LoadCertificateFromFile(CaCertificateFile);

    /// <summary>The device certificate with its private key, in a form SslStream can use on Linux.</summary>
    public X509Certificate2 LoadClientCertificate()
    {
        using var pem = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static string Required(IReadOnlyDictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new InvalidDataException($"agent.conf: '{key}' is missing.");

    private static int Number(IReadOnlyDictionary<string, string> config, string key) =>
        int.TryParse(Required(config, key), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidDataException($"agent.conf: '{key}' must be a positive number.");

    private string FileOf(IReadOnlyDictionary<string, string> config, string key, string fallback) =>
        Path.Combine(Directory, config.TryGetValue(key, out var name) && name.Length > 0 ? name : fallback);
}
