using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Export;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Export;

/// <summary>
/// rsyslog (an independent collector, installed by scripts/install-deps.sh) receives our messages over TCP
/// (octet counting) and UDP and parses their RFC 5424 header: facility, severity, APP-NAME and MSGID come
/// from rsyslog's own parser, not ours.
/// </summary>
public sealed class RsyslogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-rsyslog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(SyslogTransport.Tcp)]
    [InlineData(SyslogTransport.Udp)]
    [Trait("Requirement", "SR-EXP-004")]
    public async Task Rsyslog_parses_our_messages_as_RFC_5424_with_a_CEF_payload(SyslogTransport transport)
    {
        var port = FreePort(transport);
        var output = Path.Combine(_dir, "out.log");
        var module = transport == SyslogTransport.Tcp ? "imtcp" : "imudp";
        await File.WriteAllTextAsync(Path.Combine(_dir, "rsyslog.conf"), $"""
            global(workDirectory="{_dir}")
            module(load="{module}")
            input(type="{module}" port="{port}" address="127.0.0.1")
            template(name="fields" type="string" string="%syslogfacility%|%syslogseverity%|%app-name%|%msgid%|%msg%\n")
            *.* action(type="omfile" file="{output}" template="fields")
            """);
        var start = new ProcessStartInfo("rsyslogd") { ArgumentList = { "-n", "-f", Path.Combine(_dir, "rsyslog.conf"), "-i", Path.Combine(_dir, "rsyslog.pid") }, RedirectStandardError = true };
        using var rsyslog = Process.Start(start)!;
        try
        {
            await WaitForListenerAsync(transport, port);
            await using var sink = new SyslogExportSink(new ForwarderOptions { Name = "rs", Kind = ForwarderKind.Syslog, Host = "127.0.0.1", Port = port, Transport = transport });
            var alert = OcsfMapper.FromAlert(new AlertRecord("integrity-violation", "dev-a", 4, "Integrity violation", "digest differs", AlertStatus.New, 1_800_000_000_000, 1, [3]) { Id = 41 });

            // UDP may drop the first datagram while rsyslog's input starts: send until it arrives.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!File.Exists(output) || (await File.ReadAllTextAsync(output)).Length == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "rsyslog wrote nothing: " + (rsyslog.HasExited ? await rsyslog.StandardError.ReadToEndAsync() : "still running"));
                await sink.DeliverAsync([alert], CancellationToken.None);
                await Task.Delay(200);
            }

            var line = (await File.ReadAllLinesAsync(output))[0].Split('|', 5);
            Assert.Equal(["13", "2", "edgesec", "alerts"], line[..4]);
            Assert.StartsWith("CEF:0|EdgeSecurity|EdgeSecurity|", line[4].TrimStart(), StringComparison.Ordinal);
            Assert.Contains("externalId=alert:41", line[4], StringComparison.Ordinal);
        }
        finally
        {
            rsyslog.Kill();
            await rsyslog.WaitForExitAsync();
        }
    }

    private static int FreePort(SyslogTransport transport)
    {
        if (transport == SyslogTransport.Udp)
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        }

        var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
        tcp.Stop();
        return port;
    }

    private static async Task WaitForListenerAsync(SyslogTransport transport, int port)
    {
        if (transport == SyslogTransport.Udp)
        {
            await Task.Delay(500);
            return;
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
