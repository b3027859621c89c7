using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Host.Hosting;

/// <summary>
/// The host service's certificate and key as they are on disk now (service.crt, service.key): loaded again when
/// the files change ('edgesec pki renew-service service'), and only once key and certificate match, so a look
/// between the renewal's two renames keeps the pair in use.
/// </summary>
internal sealed class ServiceCertificateFile(PkiLayout pki)
{
    private readonly object _gate = new();
    private string _stamp = "";
    private X509Certificate2? _current;

    /// <summary>
    /// The newest matching pair on disk (loaded again when the files changed; the previous pair while they do not
    /// match yet). Throws when there never was a usable pair.
    /// </summary>
    public X509Certificate2 Current()
    {
        lock (_gate)
        {
            try
            {
                string stamp = Stamp();
                if (_current is null || stamp != _stamp)
                {
                    // The previous certificate is not disposed: a handshake in progress may still hold it.
                    _current = ServiceMqttClient.LoadServiceCertificate(pki);
                    _stamp = stamp;
                }
            }
            catch (Exception e) when (_current is not null && e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                // Mid-renewal (key and certificate do not match yet: ArgumentException from CreateFromPemFile) or a file replaced by hand this moment:
                // keep the pair in use; the next look finds the new one.
            }

            return _current;
        }
    }

    private string Stamp() =>
        Convert.ToHexString(SHA256.HashData([.. File.ReadAllBytes(pki.ServiceCertificate), .. File.ReadAllBytes(pki.ServiceKey)]));
}
