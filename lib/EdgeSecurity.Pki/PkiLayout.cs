namespace EdgeSecurity.Pki;

/// <summary>
/// Where everything lives in a PKI directory. Private material (CA key, broker and service keys, event
/// keys, default provisioning packages) is owner-only; the layout is documented in docs/guide/pki.md.
/// </summary>
public sealed class PkiLayout
{
    public PkiLayout(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Root = Path.GetFullPath(directory);
    }

    public string Root { get; }

    public string CaCertificate => Path.Combine(Root, "ca.crt");

    public string CaKey => Path.Combine(Root, "ca.key");

    public string Crl => Path.Combine(Root, "crl.pem");

    public string BrokerCertificate => Path.Combine(Root, "broker.crt");

    public string BrokerKey => Path.Combine(Root, "broker.key");

    public string ServiceCertificate => Path.Combine(Root, "service.crt");

    public string ServiceKey => Path.Combine(Root, "service.key");

    public string Registry => Path.Combine(Root, "devices.json");

    public string LockFile => Path.Combine(Root, ".lock");

    public string IssuedDirectory => Path.Combine(Root, "issued");

    public string EventKeysDirectory => Path.Combine(Root, "event-keys");

    public string DefaultPackagesDirectory => Path.Combine(Root, "packages");

    public bool Exists => File.Exists(CaCertificate) || File.Exists(CaKey) || File.Exists(Registry);

    public string IssuedCertificate(string deviceId) => Path.Combine(IssuedDirectory, Checked(deviceId) + ".crt");

    /// <summary>A renewed certificate not yet in force (device ids contain no '.', so no id names this file).</summary>
    public string PendingCertificate(string deviceId) => Path.Combine(IssuedDirectory, Checked(deviceId) + ".pending.crt");

    public string EventKey(string deviceId) => Path.Combine(EventKeysDirectory, Checked(deviceId) + ".key");

    /// <summary>Event keys of earlier epochs, kept after re-enrolments replaced them (a folder of their own, so
    /// that no device id can name one of them).</summary>
    public string EpochEventKeysDirectory => Path.Combine(EventKeysDirectory, "epochs");

    /// <summary>The event key a device had in <paramref name="epoch"/>, kept after a re-enrolment replaced it.</summary>
    public string EpochEventKey(string deviceId, int epoch) =>
        Path.Combine(EpochEventKeysDirectory, Checked(deviceId) + "." + epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".key");

    /// <summary>Throws a clear error when this directory holds no initialised PKI.</summary>
    public void RequireInitialized()
    {
        foreach (string file in new[] { CaCertificate, CaKey, Registry, Crl })
        {
            if (!File.Exists(file))
            {
                throw new PkiException($"'{Root}' is not an initialised fleet PKI ({Path.GetFileName(file)} is missing). Run 'edgesec pki init --dir {Root}' first, or pass the right --dir.");
            }
        }
    }

    private static string Checked(string deviceId)
    {
        DeviceId.Validate(deviceId);
        return deviceId;
    }
}
