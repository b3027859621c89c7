using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Host.Hosting;

/// <summary>The host's MQTT connections (ingest, OTA): mutual TLS with the host-service certificate, persistent session.</summary>
internal static class ServiceMqttClient
{
    /// <summary>A client that asks <paramref name="certificate"/> for its certificate at each connection attempt.</summary>
    public static MqttClient Create(BrokerEndpoint endpoint, PkiLayout pki, Func<X509Certificate2> certificate, string clientId, int handlerConcurrency, MqttMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(pki.CaCertificate);
        return new MqttClient(
            new MqttClientOptions
            {
                Host = endpoint.Host,
                Port = endpoint.Port,
                ClientId = clientId,
                CleanSession = false,
                HandlerConcurrency = Math.Max(1, handlerConcurrency),
                MaxInFlight = 1024,
                Tls = new MqttTlsOptions
                {
                    CaCertificate = X509CertificateLoader.LoadCertificate(ca.RawData),
                    ClientCertificateSource = certificate,
                    TargetHost = endpoint.TlsServerName,
                },
            },
            handler);
    }

    // SslStream on Linux needs a key it can use for the handshake; a PEM-loaded key is ephemeral, so it goes through PKCS#12 once.
    internal static X509Certificate2 LoadServiceCertificate(PkiLayout pki)
    {
        using var pem = X509Certificate2.CreateFromPemFile(pki.ServiceCertificate, pki.ServiceKey);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
