namespace EdgeSecurity.Broker.Supervision;

/// <summary>
/// Why the broker refused a TLS connection, as precisely as mosquitto 2.0 reports it. mosquitto logs one
/// OpenSSL error for every refused client certificate ("certificate verify failed") whatever the cause, so an
/// expired, a revoked and a foreign-CA certificate are one reason here (docs/host.md, "Refused connections").
/// </summary>
public enum RefusalReason
{
    /// <summary>The client sent no certificate ("peer did not return a certificate").</summary>
    NoCertificate = 1,

    /// <summary>The client's certificate failed verification: expired, revoked, or not issued by the fleet CA.</summary>
    CertificateRejected = 2,

    /// <summary>Any other TLS failure: plaintext on the TLS port, a TLS version or cipher the broker refuses.</summary>
    TlsError = 3,
}

/// <summary>The stable names of <see cref="RefusalReason"/> used in host events, alerts and docs.</summary>
public static class RefusalReasons
{
    public static string Name(RefusalReason reason) => reason switch
    {
        RefusalReason.NoCertificate => "no-certificate",
        RefusalReason.CertificateRejected => "certificate-rejected",
        RefusalReason.TlsError => "tls-error",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown refusal reason."),
    };
}
