using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Export;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Export;

/// <summary>RFC 5424 + CEF to a real listening socket over UDP, TCP (octet counting, RFC 6587) and TLS (RFC 5425).</summary>
public sealed partial class SyslogTests
{
    // RFC 5424: <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA SP MSG
    [GeneratedRegex(@"^<(?<pri>\d{1,3})>1 (?<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (?<host>\S+) edgesec - (?<msgid>\S+) - (?<msg>CEF:0\|.*)$", RegexOptions.Singleline)]
    private static partial Regex Rfc5424();

    private static IReadOnlyList<JsonObject> Batch() =>
    [
        OcsfMapper.FromAlert(new AlertRecord("integrity-violation", "dev-a", 4, "Integrity | violation", "digest=differs\nsecond line", AlertStatus.New, 1_800_000_000_000, 1, [3]) { Id = 41 }),
        OcsfMapper.FromHostEvent(new HostEventRecord(1_800_000_001_000, "api-authentication-failure", 2, "192.0.2.9", null, "unknown or revoked token (/api/v1/events)") { Id = 7 }),
    ];

    private static void AssertMessages(IReadOnlyList<string> messages)
    {
        Assert.Equal(2, messages.Count);
        var alert = Rfc5424().Match(messages[0]);
        Assert.True(alert.Success, messages[0]);
        Assert.Equal((13 * 8) + 2, int.Parse(alert.Groups["pri"].Value, System.Globalization.CultureInfo.InvariantCulture)); // log audit, crit
        Assert.Equal("2027-01-15T08:00:00.000Z", alert.Groups["ts"].Value);
        Assert.Equal("alerts", alert.Groups["msgid"].Value);
        var cef = alert.Groups["msg"].Value;
        Assert.StartsWith("CEF:0|EdgeSecurity|EdgeSecurity|", cef, StringComparison.Ordinal);
        Assert.Contains("|2004:1|Detection Finding: Create|10|", cef, StringComparison.Ordinal);
        Assert.Contains("dvchost=dev-a", cef, StringComparison.Ordinal);
        Assert.Contains("externalId=alert:41", cef, StringComparison.Ordinal);
        Assert.Contains(@"msg=Integrity | violation (dev-a)", cef, StringComparison.Ordinal);
        var auth = Rfc5424().Match(messages[1]);
        Assert.True(auth.Success, messages[1]);
        Assert.Equal((13 * 8) + 4, int.Parse(auth.Groups["pri"].Value, System.Globalization.CultureInfo.InvariantCulture)); // warning
        Assert.Contains("|3002:1|Authentication: Logon|5|", auth.Groups["msg"].Value, StringComparison.Ordinal);
        Assert.Contains("src=192.0.2.9", auth.Groups["msg"].Value, StringComparison.Ordinal);
        Assert.Contains("outcome=Failure", auth.Groups["msg"].Value, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-EXP-004")]
    public void CEF_escapes_what_would_break_its_fields()
    {
        var message = CefSyslogFormatter.Format(OcsfMapper.FromAlert(new AlertRecord("r", "dev-a", 1, "a=b\\c", "d", AlertStatus.New, 0, 0, [])), "h");
        Assert.Contains(@"msg=a\=b\\c (dev-a)", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    [Trait("Requirement", "SR-EXP-004")]
    public async Task UDP_delivers_one_RFC_5424_datagram_per_record()
    {
        using var listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.Client.LocalEndPoint!).Port;
        await using var sink = new SyslogExportSink(new ForwarderOptions { Name = "s", Kind = ForwarderKind.Syslog, Host = "127.0.0.1", Port = port, Transport = SyslogTransport.Udp });

        await sink.DeliverAsync(Batch(), CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var messages = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            messages.Add(Encoding.UTF8.GetString((await listener.ReceiveAsync(timeout.Token)).Buffer));
        }

        AssertMessages(messages);
    }

    [Fact]
    [Trait("Requirement", "SR-EXP-004")]
    public async Task TCP_delivers_octet_counted_frames()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            await using var sink = new SyslogExportSink(new ForwarderOptions { Name = "s", Kind = ForwarderKind.Syslog, Host = "127.0.0.1", Port = port, Transport = SyslogTransport.Tcp });
            var accept = listener.AcceptTcpClientAsync();

            await sink.DeliverAsync(Batch(), CancellationToken.None);

            using var client = await accept;
            AssertMessages(await ReadFramesAsync(client.GetStream(), 2));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    [Trait("Requirement", "SR-EXP-004")]
    public async Task TLS_delivers_to_a_collector_whose_certificate_chains_to_the_configured_CA_and_refuses_another()
    {
        var dir = Directory.CreateTempSubdirectory("es-syslog-").FullName;
        try
        {
            using var ca = CreateCa("EdgeSecurity test syslog CA");
            using var server = CreateServer(ca, "localhost");
            using var stranger = CreateCa("Someone else");
            var caFile = Path.Combine(dir, "ca.pem");
            var strangerFile = Path.Combine(dir, "stranger.pem");
            await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
            await File.WriteAllTextAsync(strangerFile, stranger.ExportCertificatePem());

            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                var received = ServeTlsAsync(listener, server, 2);
                await using (var sink = new SyslogExportSink(Syslog(port, caFile)))
                {
                    await sink.DeliverAsync(Batch(), CancellationToken.None);
                    AssertMessages(await received);
                }

                var refusedServer = ServeTlsAsync(listener, server, 0);
                await using var distrusting = new SyslogExportSink(Syslog(port, strangerFile));
                await Assert.ThrowsAsync<IOException>(() => distrusting.DeliverAsync(Batch(), CancellationToken.None));
                Assert.Empty(await refusedServer);
            }
            finally
            {
                listener.Stop();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static ForwarderOptions Syslog(int port, string caFile) =>
        new() { Name = "s", Kind = ForwarderKind.Syslog, Host = "127.0.0.1", TlsServerName = "localhost", Port = port, Transport = SyslogTransport.Tls, CaFile = caFile };

    private static async Task<List<string>> ServeTlsAsync(TcpListener listener, X509Certificate2 certificate, int frames)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(certificate);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            return [];
        }

        return await ReadFramesAsync(tls, frames);
    }

    // RFC 6587 octet counting: MSG-LEN SP SYSLOG-MSG, read independently of the sender's code.
    private static async Task<List<string>> ReadFramesAsync(Stream stream, int count)
    {
        var messages = new List<string>();
        var one = new byte[1];
        while (messages.Count < count)
        {
            var length = 0;
            while (true)
            {
                Assert.Equal(1, await stream.ReadAsync(one));
                if (one[0] == (byte)' ')
                {
                    break;
                }

                Assert.InRange(one[0], (byte)'0', (byte)'9');
                length = (length * 10) + (one[0] - '0');
            }

            var message = new byte[length];
            await stream.ReadExactlyAsync(message);
            messages.Add(Encoding.UTF8.GetString(message));
        }

        return messages;
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 CreateServer(X509Certificate2 ca, string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(key);

        // SslStream on Linux needs the key in an exportable, importable form.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
