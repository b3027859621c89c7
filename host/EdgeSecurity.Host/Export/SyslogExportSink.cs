using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Host.Configuration;

namespace EdgeSecurity.Host.Export;

/// <summary>
/// Sends each record as an RFC 5424 message with a CEF payload to a syslog collector: UDP (one datagram each,
/// best effort: UDP cannot confirm), TCP with octet-counting framing (RFC 6587) or TLS (RFC 5425, the same
/// framing, the collector's certificate checked against the system's or a configured CA and its name). On a
/// write error the connection is dropped and the whole batch fails, so the forwarder sends it again.
/// </summary>
public sealed class SyslogExportSink(ForwarderOptions options) : IExportSink
{
    private readonly string _hostName = System.Net.Dns.GetHostName();
    private TcpClient? _tcp;
    private Stream? _stream;
    private UdpClient? _udp;

    public async Task DeliverAsync(IReadOnlyList<JsonObject> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            if (options.Transport == SyslogTransport.Udp)
            {
                _udp ??= new UdpClient();
                foreach (var ocsf in batch)
                {
                    var datagram = Encoding.UTF8.GetBytes(CefSyslogFormatter.Format(ocsf, _hostName));
                    await _udp.SendAsync(datagram, options.Host!, options.Port, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            var stream = _stream ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
            foreach (var ocsf in batch)
            {
                var message = Encoding.UTF8.GetBytes(CefSyslogFormatter.Format(ocsf, _hostName));
                await stream.WriteAsync(Encoding.ASCII.GetBytes(message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " "), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            await DropConnectionAsync().ConfigureAwait(false);
            throw new IOException($"Syslog collector {options.Host}:{options.Port} ({options.Transport}): {e.Message}", e);
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        _tcp = new TcpClient { NoDelay = true };
        await _tcp.ConnectAsync(options.Host!, options.Port, cancellationToken).ConfigureAwait(false);
        Stream stream = _tcp.GetStream();
        if (options.Transport == SyslogTransport.Tls)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false, ValidateCollector);
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = options.TlsServerName ?? options.Host },
                cancellationToken).ConfigureAwait(false);
            stream = tls;
        }

        return _stream = stream;
    }

    // With a configured CA the collector's chain must end in it (custom trust store); otherwise the system's trust decides.
    private bool ValidateCollector(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (options.CaFile is null || certificate is null)
        {
            return errors == SslPolicyErrors.None;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.ImportFromPemFile(options.CaFile);
        return custom.Build(new X509Certificate2(certificate));
    }

    private async Task DropConnectionAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        _tcp?.Dispose();
        (_stream, _tcp) = (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        await DropConnectionAsync().ConfigureAwait(false);
        _udp?.Dispose();
    }
}
