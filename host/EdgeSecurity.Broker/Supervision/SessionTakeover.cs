using System.Net;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Broker.Supervision;

/// <summary>
/// Disconnects one client from a running mosquitto, which has no administrative "kick": connecting under
/// the client's id makes mosquitto close the existing connection (MQTT 3.1.1, 3.1.4-2), and a clean
/// session discards what the broker kept for it. Done with the service certificate on the service
/// listener, the only one where a client may choose another identity's client id.
/// </summary>
internal sealed class SessionTakeover(PkiLayout pki, string host, int port)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public async Task DisconnectAsync(string clientId, CancellationToken cancellationToken)
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(pki.CaCertificate);
        using var pem = X509Certificate2.CreateFromPemFile(pki.ServiceCertificate, pki.ServiceKey);
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = host,
            Port = port,
            ClientId = clientId,
            CleanSession = true,
            KeepAlive = TimeSpan.Zero,
            ConnectTimeout = ConnectTimeout,
            Reconnect = new MqttReconnectOptions { Enabled = false },
            Tls = new MqttTlsOptions
            {
                CaCertificate = X509CertificateLoader.LoadCertificate(ca.RawData),
                ClientCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null),
                TargetHost = IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address) ? "localhost" : host,
            },
        });
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
    }
}
