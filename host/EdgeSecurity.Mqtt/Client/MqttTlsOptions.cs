using System.Security.Cryptography.X509Certificates;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// Mutual TLS: the client certificate (with its private key) and the one CA that the broker's certificate
/// must chain to. The system trust store is not used.
/// </summary>
public sealed class MqttTlsOptions
{
    /// <summary>The CA certificate that is the only trust anchor for the broker's certificate.</summary>
    public required X509Certificate2 CaCertificate { get; init; }

    /// <summary>The client certificate with its private key; null for server-only authentication.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// Asked for the client certificate at each connection attempt, reconnects included (a certificate renewed
    /// while the client runs is used from its next connection); takes precedence over <see cref="ClientCertificate"/>.
    /// </summary>
    public Func<X509Certificate2?>? ClientCertificateSource { get; init; }

    /// <summary>Name checked against the broker certificate's subject alternative names; defaults to the host.</summary>
    public string? TargetHost { get; init; }
}
