using EdgeSecurity.Broker.Supervision;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Broker.Tests;

/// <summary>
/// The reader of mosquitto's log, fed lines as mosquitto 2.0.11 prints them (recorded from the real broker
/// with mosquitto_pub and openssl s_client as clients); the end-to-end check with the real broker is
/// RefusedTlsConnectionTests in the host tests.
/// </summary>
public sealed class HandshakeLogReaderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_796_546_988);

    [Fact]
    [Trait("Requirement", "SR-BRK-014")]
    public void A_rejected_certificate_a_missing_one_and_plaintext_are_refusals_with_their_reason_and_address()
    {
        var reader = new HandshakeLogReader();
        var refusals = Feed(
            reader,
            "1796546888: New connection from 127.0.0.1:33006 on port 18883.",
            "1796546888: OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify failed",
            "1796546888: Client <unknown> disconnected: Protocol error.",
            "1796546888: New connection from 10.0.0.7:33034 on port 18883.",
            "1796546888: OpenSSL Error[0]: error:0A0000C7:SSL routines::peer did not return a certificate",
            "1796546888: Client <unknown> disconnected: Protocol error.",
            "1796546983: Client connection from 192.168.1.9 failed: error:0A00010B:SSL routines::wrong version number.");

        Assert.Equal(
            [
                new RefusedConnection(Now, "127.0.0.1", 33006, 18883, RefusalReason.CertificateRejected, "certificate verify failed"),
                new RefusedConnection(Now, "10.0.0.7", 33034, 18883, RefusalReason.NoCertificate, "peer did not return a certificate"),
                new RefusedConnection(Now, "192.168.1.9", null, null, RefusalReason.TlsError, "wrong version number"),
            ],
            refusals);
        Assert.Equal(0, reader.PendingCount);
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-014")]
    public void Accepted_clients_probes_and_clean_disconnects_are_not_refusals()
    {
        var reader = new HandshakeLogReader();
        var refusals = Feed(
            reader,
            "1796546888: New connection from 127.0.0.1:33002 on port 18883.",
            "1796546888: New client connected from 127.0.0.1:33002 as dev-a (p2, c1, k60, u'dev-a').",
            "1796546888: Client dev-a disconnected.",
            // A TCP probe (the supervisor's own start check): connect and close without a handshake.
            "1796546982: New connection from 127.0.0.1:48152 on port 18883.",
            "1796546982: OpenSSL Error[0]: error:0A000126:SSL routines::unexpected eof while reading",
            "1796546982: Client <unknown> disconnected: Protocol error.",
            // The same probe when mosquitto sees the end of the stream at accept.
            "1796547510: Client connection from 127.0.0.1 failed: error:0A000126:SSL routines::unexpected eof while reading.",
            // TLS set up, then the client closed before CONNECT.
            "1796546941: New connection from 127.0.0.1:33662 on port 18883.",
            "1796546941: Client <unknown> disconnected due to protocol error.");

        Assert.Empty(refusals);
        Assert.Equal(0, reader.PendingCount);
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-014")]
    public void Concurrent_handshakes_from_one_address_are_each_attributed_to_it()
    {
        // As logged for six expired-certificate and six certificate-less clients started at once.
        var reader = new HandshakeLogReader();
        var lines = new List<string>();
        lines.AddRange(Enumerable.Range(0, 6).Select(i => $"1796546983: New connection from 127.0.0.1:{48166 + i} on port 18883."));
        for (int i = 0; i < 6; i++)
        {
            lines.Add(i % 2 == 0
                ? "1796546983: OpenSSL Error[0]: error:0A0000C7:SSL routines::peer did not return a certificate"
                : "1796546983: OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify failed");
            lines.Add("1796546983: Client <unknown> disconnected: Protocol error.");
        }

        var refusals = Feed(reader, [.. lines]);

        Assert.Equal(6, refusals.Count);
        Assert.All(refusals, r => Assert.Equal("127.0.0.1", r.PeerAddress));
        Assert.Equal(3, refusals.Count(r => r.Reason == RefusalReason.NoCertificate));
        Assert.Equal(3, refusals.Count(r => r.Reason == RefusalReason.CertificateRejected));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-015")]
    public void Arbitrary_output_never_throws_and_the_pending_handshakes_stay_bounded()
    {
        string[] known =
        [
            "New connection from 127.0.0.1:1 on port 8883.",
            "New connection from ::1:2 on port 8883.",
            "OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify failed",
            "OpenSSL Error[1]: error:0A000126:SSL routines::unexpected eof while reading",
            "Client <unknown> disconnected: Protocol error.",
            "New client connected from 127.0.0.1:1 as x (p2, c1, k60, u'x').",
            "Client connection from 1.2.3.4 failed: error:0A00010B:SSL routines::wrong version number.",
        ];
        var line = Gen.OneOf(Gen.Elements(known), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));
        var property = Prop.ForAll(Gen.ListOf(line).ToArbitrary(), lines =>
        {
            var reader = new HandshakeLogReader();
            foreach (string l in lines)
            {
                var refusal = reader.Read("1796546983: " + l, Now);
                if (refusal is not null && (string.IsNullOrEmpty(refusal.PeerAddress) || !Enum.IsDefined(refusal.Reason)))
                {
                    return false;
                }
            }

            return reader.PendingCount <= HandshakeLogReader.MaxPending;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);

        var flooded = new HandshakeLogReader();
        for (int i = 0; i < HandshakeLogReader.MaxPending * 3; i++)
        {
            flooded.Read($"1: New connection from 10.0.{i / 250}.{i % 250}:{1000 + (i % 60000)} on port 8883.", Now);
        }

        Assert.Equal(HandshakeLogReader.MaxPending, flooded.PendingCount);
    }

    private static List<RefusedConnection> Feed(HandshakeLogReader reader, params string[] lines) =>
        [.. lines.Select(l => reader.Read(l, Now)).OfType<RefusedConnection>()];
}
