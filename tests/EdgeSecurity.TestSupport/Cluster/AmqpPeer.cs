using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Broker.Cluster;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EdgeSecurity.TestSupport.Cluster;

/// <summary>
/// An AMQP 0-9-1 client (RabbitMQ.Client, not the host's code) logging in to a cluster node with a
/// certificate (SASL EXTERNAL): as the host service to read what devices published, or as a device trying
/// to reach what only the host may.
/// </summary>
public sealed class AmqpPeer : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private AmqpPeer(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    /// <summary>"routing key payload" of every message consumed (and acknowledged).</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    public static async Task<AmqpPeer> ConnectAsync(int port, string caCertificate, string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var ca = X509CertificateLoader.LoadCertificateFromFile(caCertificate);
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1",
            Port = port,
            VirtualHost = RabbitMqTopology.VirtualHost,
            AuthMechanisms = [new ExternalMechanismFactory()],
            AutomaticRecoveryEnabled = false,
            Ssl = new SslOption
            {
                Enabled = true,
                ServerName = "localhost",
                Certs = [certificate],
                CertificateValidationCallback = (_, presented, _, errors) => ChainsTo(ca, presented, errors),
            },
        };
        var connection = await factory.CreateConnectionAsync().ConfigureAwait(false);
        var channel = await connection.CreateChannelAsync().ConfigureAwait(false);
        return new AmqpPeer(connection, channel);
    }

    /// <summary>Consumes <paramref name="queue"/> into <see cref="Messages"/>; throws when the broker refuses.</summary>
    public async Task ConsumeAsync(string queue)
    {
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            Messages.Enqueue(delivery.RoutingKey + " " + System.Text.Encoding.UTF8.GetString(delivery.Body.Span));
            await _channel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
        };
        await _channel.BasicConsumeAsync(queue, autoAck: false, consumer).ConfigureAwait(false);
    }

    /// <summary>Publishes to the topic exchange; throws when the broker refuses (the channel is closed).</summary>
    public async Task PublishAsync(string routingKey, string payload)
    {
        await _channel.BasicPublishAsync(RabbitMqTopology.Exchange, routingKey, System.Text.Encoding.UTF8.GetBytes(payload)).ConfigureAwait(false);
        // A refused publish closes the channel asynchronously: a round trip makes the refusal visible here.
        await _channel.QueueDeclarePassiveAsync(RabbitMqTopology.EventsQueue).ConfigureAwait(false);
    }

    /// <summary>Waits until a message with this payload arrived and returns its line.</summary>
    public async Task<string> WaitForPayloadAsync(string payload, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            string? line = Messages.FirstOrDefault(m => m.EndsWith(" " + payload, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"No message '{payload}' arrived within {timeout}; got: {string.Join(" | ", Messages)}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.CloseAsync().ConfigureAwait(false);
        }
        catch (RabbitMQ.Client.Exceptions.AlreadyClosedException)
        {
            // The broker closed it (a refusal under test).
        }

        await _channel.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private static bool ChainsTo(X509Certificate2 ca, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
