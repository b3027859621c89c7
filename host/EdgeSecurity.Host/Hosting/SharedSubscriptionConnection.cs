using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Host.Hosting;

/// <summary>
/// One of the host's service connections (ingest, OTA): its own MQTT client with the host-service
/// certificate and a persistent session, subscribed to one device leaf of every device through the secret
/// shared group (decision 110), so several host instances share the messages. Each message goes to
/// <see cref="HandleAsync"/>; the client PUBACKs only after it returned.
/// </summary>
public abstract class SharedSubscriptionConnection(BrokerEndpoint endpoint, PkiLayout pki, IngestOptions ingest) : IHostedService, IAsyncDisposable, IIngestConnection
{
    private readonly ServiceCertificateFile _certificate = new(pki);
    private MqttClient? _client;
    private string? _connectedWith;

    public bool IsConnected => _client?.IsConnected ?? false;

    /// <summary>How often the connection was lost and re-established (a failing handler drops it on purpose, so the broker redelivers).</summary>
    public int Reconnects => _client?.ReconnectCount ?? 0;

    /// <summary>Why the connection was last lost, if it was.</summary>
    public Exception? LastDisconnectReason => _client?.LastDisconnectReason;

    /// <summary>The MQTT client id of this connection; unique per host instance and connection.</summary>
    protected abstract string ClientId { get; }

    /// <summary>How many messages are handled at once.</summary>
    protected abstract int HandlerConcurrency { get; }

    /// <summary>The device leaf this connection takes from every device (docs/formats/topics.md).</summary>
    protected abstract string Leaf { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _certificate.Current(); // a missing or broken pair fails the start here, naming the file's problem
        _client = ServiceMqttClient.Create(endpoint, pki, CertificateForConnection, ClientId, HandlerConcurrency, (message, ct) => new ValueTask(HandleAsync(message.Topic, message.Payload, ct)));
        Attached(_client);
        await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);

        // Always subscribe, also when the broker kept our session: the client re-subscribes after a
        // reconnect only to filters it was given, and a broker that crashes later loses the session.
        // Subscribing again to the same filter is idempotent at the broker.
        string group = ShareGroupName.Resolve(ingest.ShareGroup, pki);
        await _client.SubscribeAsync(DeviceTopics.SharedAllDevices(group, Leaf), MqttQos.AtLeastOnce, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When the host service's certificate was renewed on disk, drops the connection so that the client
    /// reconnects with the new one (persistent session: what the broker holds for it is kept and redelivered;
    /// store deduplication absorbs a message handled but not yet acknowledged). True when it did.
    /// </summary>
    public bool ReconnectIfCertificateRenewed()
    {
        if (_client is not { } client || Volatile.Read(ref _connectedWith) is not { } used || _certificate.Current().SerialNumber == used)
        {
            return false;
        }

        client.DropConnection();
        return true;
    }

    /// <summary>Serial number of the certificate of this connection's latest connection attempt (null before the first).</summary>
    public string? CertificateSerialNumber => Volatile.Read(ref _connectedWith);

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

        GC.SuppressFinalize(this);
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 CertificateForConnection()
    {
        var certificate = _certificate.Current();
        Volatile.Write(ref _connectedWith, certificate.SerialNumber);
        return certificate;
    }

    /// <summary>Handles one message of <see cref="Leaf"/> from one device.</summary>
    protected abstract Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Hands the client, before it connects, to what publishes on it (acks, offers and chunks).</summary>
    protected abstract void Attached(MqttClient client);
}
