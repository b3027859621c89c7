using System.Net;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Mqtt.Transport;
using EdgeSecurity.Pki;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EdgeSecurity.Host.Hosting.RabbitMq;

/// <summary>
/// This host instance's AMQP connection to the RabbitMQ cluster (broker engine "RabbitMq"): mutual TLS with
/// the host-service certificate (SASL EXTERNAL, so the certificate CN is the user the broker authorizer
/// checks), every configured node as an endpoint, automatic recovery onto a surviving node with the
/// consumers re-registered. The queue consumers and the device publisher open their channels on it.
/// </summary>
public sealed partial class RabbitMqSession(IOptions<EdgeSecurityHostOptions> options, PkiLayout pki, ILogger<RabbitMqSession> logger) : IHostedService, IAsyncDisposable
{
    private IConnection? _connection;

    public IConnection Connection => _connection ?? throw new InvalidOperationException("The RabbitMQ connection is not established yet.");

    public bool IsOpen => _connection?.IsOpen ?? false;

    /// <summary>How often the connection was recovered after a loss.</summary>
    public int Recoveries => Volatile.Read(ref _recoveries);

    private int _recoveries;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var host = options.Value;
        var broker = host.Broker.RabbitMq;
        using var ca = X509CertificateLoader.LoadCertificateFromFile(pki.CaCertificate);
        var validator = new BrokerCertificateValidator(X509CertificateLoader.LoadCertificate(ca.RawData));
        var certificate = ServiceMqttClient.LoadServiceCertificate(pki);
        var endpoints = broker.Endpoints.Select(e => Endpoint(e, broker.TlsServerName, certificate, validator)).ToList();
        var factory = new ConnectionFactory
        {
            VirtualHost = RabbitMqTopology.VirtualHost,
            AuthMechanisms = [new ExternalMechanismFactory()],
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            RequestedHeartbeat = TimeSpan.FromSeconds(10),
            ClientProvidedName = host.Ingest.ClientId,
        };
        try
        {
            _connection = await factory.CreateConnectionAsync(endpoints, host.Ingest.ClientId, cancellationToken).ConfigureAwait(false);
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException e)
        {
            throw new HostConfigurationException(
                $"No RabbitMQ node answered at {string.Join(", ", broker.Endpoints)} ({validator.LastFailure ?? e.InnerException?.Message ?? e.Message}). " +
                "Check EdgeSecurity:Broker:RabbitMq:Endpoints, that the nodes run with the configuration from 'edgesec broker rabbitmq config', and that the broker authorizer runs on each node.",
                e);
        }

        _connection.ConnectionShutdownAsync += OnShutdownAsync;
        _connection.RecoverySucceededAsync += OnRecoveredAsync;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        var owned = Interlocked.Exchange(ref _connection, null);
        if (owned is not null)
        {
            await owned.CloseAsync().ConfigureAwait(false);
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Parses "host:port" into an endpoint with TLS against the fleet CA and the service certificate.</summary>
    internal static AmqpTcpEndpoint Endpoint(string endpoint, string? tlsServerName, X509Certificate2 certificate, BrokerCertificateValidator validator)
    {
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
        {
            throw new HostConfigurationException($"EdgeSecurity:Broker:RabbitMq:Endpoints entry '{endpoint}' is not host:port (for example node1.example:5671).");
        }

        string host = endpoint[..colon].Trim('[', ']');
        string serverName = tlsServerName ?? (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address) ? "localhost" : host);
        return new AmqpTcpEndpoint(host, port, new SslOption
        {
            Enabled = true,
            ServerName = serverName,
            Certs = [certificate],
            CertificateValidationCallback = validator.Validate,
        });
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs e)
    {
        LogLost(e.ReplyText);
        return Task.CompletedTask;
    }

    private Task OnRecoveredAsync(object sender, AsyncEventArgs e)
    {
        Interlocked.Increment(ref _recoveries);
        LogRecovered(_connection?.Endpoint.ToString());
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The RabbitMQ connection was lost ({Reason}); recovering on another node")]
    private partial void LogLost(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The RabbitMQ connection recovered on {Endpoint}")]
    private partial void LogRecovered(string? endpoint);
}
