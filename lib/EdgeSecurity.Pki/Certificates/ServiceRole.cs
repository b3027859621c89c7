namespace EdgeSecurity.Pki.Certificates;

/// <summary>The two certificates of the fleet's own services, issued by <c>pki init</c> and renewed by <see cref="ServiceCertificateRenewal"/>.</summary>
public enum ServiceRole
{
    /// <summary>The broker's TLS server certificate (broker.crt, broker.key).</summary>
    Broker = 1,

    /// <summary>The host service's TLS client certificate (service.crt, service.key).</summary>
    Service = 2,
}
