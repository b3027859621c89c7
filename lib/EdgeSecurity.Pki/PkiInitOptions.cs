using System.Net;

namespace EdgeSecurity.Pki;

public sealed class PkiInitOptions
{
    public required string Directory { get; init; }

    /// <summary>DNS names for the broker certificate; empty means "localhost" (plus the default IPs).</summary>
    public IReadOnlyList<string> BrokerNames { get; init; } = [];

    /// <summary>IP addresses for the broker certificate; empty (with no names) means 127.0.0.1 and ::1.</summary>
    public IReadOnlyList<IPAddress> BrokerAddresses { get; init; } = [];

    public int ValidityDays { get; init; } = 3650;

    /// <summary>MQTT identity (certificate CN) of the host service.</summary>
    public string ServiceIdentity { get; init; } = FleetPki.DefaultServiceIdentity;

    /// <summary>Replace an existing PKI (its CA, certificates, registry and event keys are lost).</summary>
    public bool Force { get; init; }
}
