using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Topics;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// The ingest connection: mutual TLS with the host-service certificate, a persistent session, and a
/// shared subscription to every device's event topic so several host instances share the load. Each
/// message goes to <see cref="EventIngestor"/>; the client PUBACKs only after it returned.
/// </summary>
public sealed class IngestService(
    EventIngestor ingestor,
    MqttAckPublisher acks,
    BrokerEndpoint endpoint,
    PkiLayout pki,
    IOptions<EdgeSecurityHostOptions> options) : IHostedService, IAsyncDisposable
{
    private MqttClient? _client;

    public bool IsConnected => _client?.IsConnected ?? false;

    /// <summary>How often the ingest connection was lost and re-established (a failing handler drops it on purpose, so the broker redelivers).</summary>
    public int Reconnects => _client?.ReconnectCount ?? 0;

    /// <summary>Why the ingest connection was last lost, if it was.</summary>
    public Exception? LastDisconnectReason => _client?.LastDisconnectReason;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ingest = options.Value.Ingest;
        using var ca = X509CertificateLoader.LoadCertificateFromFile(pki.CaCertificate);
        _client = new MqttClient(
            new MqttClientOptions
            {
                Host = endpoint.Host,
                Port = endpoint.Port,
                ClientId = ingest.ClientId,
                CleanSession = false,
                HandlerConcurrency = Math.Max(1, ingest.Concurrency),
                MaxInFlight = 1024,
                Tls = new MqttTlsOptions
                {
                    CaCertificate = X509CertificateLoader.LoadCertificate(ca.RawData),
                    ClientCertificate = LoadServiceCertificate(pki),
                    TargetHost = endpoint.TlsServerName,
                },
            },
            (message, ct) => new ValueTask(ingestor.HandleAsync(message.Topic, message.Payload, ct)));
        acks.Attach(_client);
        await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);

        // Always subscribe, also when the broker kept our session: the client re-subscribes after a
        // reconnect only to filters it was given, and a broker that crashes later loses the session.
        // Subscribing again to the same filter is idempotent at the broker.
        string group = ShareGroupName.Resolve(ingest.ShareGroup, pki);
        await _client.SubscribeAsync(DeviceTopics.SharedAllDevices(group, DeviceTopics.Events), MqttQos.AtLeastOnce, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            await _client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as a hosted service, so the container disposes it twice.
        var owned = Interlocked.Exchange(ref _client, null);
        if (owned is not null)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    // SslStream on Linux needs a key it can use for the handshake; a PEM-loaded key is ephemeral, so it goes through PKCS#12 once.
    private static X509Certificate2 LoadServiceCertificate(PkiLayout pki)
    {
        using var pem = X509Certificate2.CreateFromPemFile(pki.ServiceCertificate, pki.ServiceKey);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
