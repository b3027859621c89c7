using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>A device's MQTT connection (its own certificate, mutual TLS) publishing batches and receiving acks.</summary>
internal sealed class DeviceConnection : IAsyncDisposable
{
    private static readonly TimeSpan AckWait = TimeSpan.FromSeconds(30);
    private readonly Channel<byte[]> _acks = Channel.CreateUnbounded<byte[]>();
    private readonly MqttClient _client;
    private readonly byte[] _key;

    private DeviceConnection(TestFleet fleet, string deviceId, int port)
    {
        DeviceId = deviceId;
        _key = fleet.EventKey(deviceId);
        _client = new MqttClient(
            ClientOptions(fleet, deviceId, port),
            (message, _) =>
            {
                _acks.Writer.TryWrite(message.Payload.ToArray());
                return ValueTask.CompletedTask;
            });
    }

    public string DeviceId { get; }

    /// <summary>MQTT options of a device: its provisioning package's certificate and key, the fleet CA, mutual TLS to the loopback broker.</summary>
    public static MqttClientOptions ClientOptions(TestFleet fleet, string deviceId, int port)
    {
        using var pem = X509Certificate2.CreateFromPemFile(fleet.DeviceCertificate(deviceId), fleet.DeviceKey(deviceId));
        return new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = deviceId,
            CleanSession = true,
            Tls = new MqttTlsOptions
            {
                CaCertificate = X509CertificateLoader.LoadCertificateFromFile(fleet.Pki.CaCertificate),
                ClientCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null),
                TargetHost = "localhost",
            },
        };
    }

    public static async Task<DeviceConnection> ConnectAsync(TestFleet fleet, string deviceId, int port)
    {
        var connection = new DeviceConnection(fleet, deviceId, port);
        await connection._client.ConnectAsync();
        await connection._client.SubscribeAsync(DeviceTopics.For(deviceId, DeviceTopics.Acks), MqttQos.AtLeastOnce);
        return connection;
    }

    public Task PublishAsync(byte[] payload) =>
        _client.PublishAsync(DeviceTopics.For(DeviceId, DeviceTopics.Events), payload, MqttQos.AtLeastOnce);

    /// <summary>Publishes a batch and returns the host's ack, authenticated with the device key (core decoder).</summary>
    public async Task<EventAck> SendAsync(byte[] batch)
    {
        await PublishAsync(batch);
        return await NextAckAsync();
    }

    public async Task<EventAck> NextAckAsync()
    {
        using var timeout = new CancellationTokenSource(AckWait);
        var raw = await _acks.Reader.ReadAsync(timeout.Token);
        return EventAckCodec.Decode(TestMac.Instance, _key, raw);
    }

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();
}
