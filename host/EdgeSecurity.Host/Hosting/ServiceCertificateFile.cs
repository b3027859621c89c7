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
            string stamp = Stamp();
            if (_current is not null && stamp == _stamp)
            {
                return _current;
            }

            try
            {
                // The previous certificate is not disposed: a handshake in progress may still hold it.
                _current = ServiceMqttClient.LoadServiceCertificate(pki);
                _stamp = stamp;
            }
            catch (CryptographicException) when (_current is not null)
            {
                // Mid-renewal: the next look finds the matching pair.
            }

            return _current;
        }
    }

    private string Stamp() =>
        Convert.ToHexString(SHA256.HashData([.. File.ReadAllBytes(pki.ServiceCertificate), .. File.ReadAllBytes(pki.ServiceKey)]));
}
