namespace EdgeSecurity.Pki.Provisioning;

public sealed class EnrollmentOptions
{
    public required string PkiDirectory { get; init; }

    /// <summary>Ids to enrol (one, or a batch from <see cref="DeviceId.Batch"/>).</summary>
    public required IReadOnlyList<string> DeviceIds { get; init; }

    public required string BrokerHost { get; init; }

    public required int BrokerPort { get; init; }

    /// <summary>The trust root file produced by the signing tools; copied into each package as opaque bytes.</summary>
    public required string TrustRootPath { get; init; }

    public string HardwareClass { get; init; } = "esp32";

    /// <summary>Where the package directories go; null means packages/ in the PKI directory.</summary>
    public string? OutputDirectory { get; init; }

    public int ValidityDays { get; init; } = 3650;

    public int HeartbeatIntervalSeconds { get; init; } = 60;

    public int IntegrityCheckIntervalSeconds { get; init; } = 3600;

    /// <summary>Re-enrol ids that already exist; their previous certificate goes on the CRL.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// A signed bundle (.esb) placed in slot A of every package's device volume as the confirmed first
    /// bundle (decision 83); verified with the firmware core before anything is written. Null: no first bundle.
    /// </summary>
    public string? FirstBundlePath { get; init; }
}
