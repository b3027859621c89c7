using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeSecurity.Mqtt.Transport;

/// <summary>
/// Accepts the broker certificate only if it chains to the configured CA (the only trust anchor, the system
/// store is ignored), is valid now, allows server authentication, and names the target host in its SAN (the
/// name check is SslStream's).
/// </summary>
public sealed class BrokerCertificateValidator(X509Certificate2 caCertificate)
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Why the last validation rejected the broker, for the error message.</summary>
    public string? LastFailure { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return Fail("the broker presented no certificate");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return Fail("the broker certificate does not name the target host in its subject alternative names");
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (presentedChain is not null)
        {
            // Intermediates the broker sent may help build the path; they are never trust anchors.
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(leaf))
        {
            LastFailure = null;
            return true;
        }

        var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        return Fail($"the broker certificate does not chain to the configured CA ({status})");
    }

    private bool Fail(string reason)
    {
        LastFailure = reason;
        return false;
    }
}
