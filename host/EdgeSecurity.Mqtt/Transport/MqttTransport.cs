using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Mqtt.Client;

namespace EdgeSecurity.Mqtt.Transport;

/// <summary>Opens the byte stream to the broker: TCP, optionally wrapped in mutually authenticated TLS 1.2+.</summary>
internal static class MqttTransport
{
    public static async Task<Stream> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            try
            {
                await socket.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new MqttTransportException($"Cannot reach the broker at {options.Host}:{options.Port}: {ex.SocketErrorCode}.", ex);
            }

            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is null)
            {
                return stream;
            }

            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = tls;
            await AuthenticateAsync(tls, options.Tls, options.Host, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            // Cleanup only: the exception continues to the caller.
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    private static async Task AuthenticateAsync(SslStream tls, MqttTlsOptions settings, string host, CancellationToken cancellationToken)
    {
        var validator = new BrokerCertificateValidator(settings.CaCertificate);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = settings.TargetHost ?? host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = validator.Validate,
        };
        if ((settings.ClientCertificateSource is { } source ? source() : settings.ClientCertificate) is { } certificate)
        {
            authentication.ClientCertificates = [certificate];
        }

        try
        {
            await tls.AuthenticateAsClientAsync(authentication, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException ex)
        {
            var why = validator.LastFailure ?? ex.Message;
            throw new MqttTransportException($"TLS handshake with {host} failed: {why}", ex);
        }
        catch (IOException ex)
        {
            throw new MqttTransportException($"TLS handshake with {host} failed: {ex.Message}", ex);
        }
    }
}
