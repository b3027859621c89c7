using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeSecurity.Broker.Supervision;

/// <summary>
/// Finds refused TLS connections in mosquitto 2.0's log lines (log types notice and error, connection
/// messages on). mosquitto logs "New connection from A:P on port N." when it accepts a socket, "New client
/// connected from A:P as …" when the MQTT CONNECT succeeded, and for a failed handshake "OpenSSL Error[i]: …"
/// lines followed by "Client &lt;unknown&gt; disconnected: Protocol error." without any address. A handshake that
/// fails at once (plaintext on the TLS port) is one line, "Client connection from A failed: …". The address of
/// a refusal is therefore that of the oldest connection still in its handshake: exact when one client
/// connects at a time or all pending connections come from one address (a burst), approximate otherwise.
/// Not thread-safe: one reader per mosquitto process, fed in output order.
/// </summary>
public sealed partial class HandshakeLogReader
{
    /// <summary>Connections in their handshake that are remembered; older ones are forgotten (mosquitto times them out).</summary>
    public const int MaxPending = 1024;

    private readonly LinkedList<Pending> _pending = new();
    private string? _error;

    /// <summary>Connections accepted whose handshake has not ended yet (bounded by <see cref="MaxPending"/>).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Reads one log line; returns the refusal it completes, if any.</summary>
    public RefusedConnection? Read(string line, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (NewConnection().Match(line) is { Success: true } accepted)
        {
            _pending.AddLast(new Pending(accepted.Groups["address"].Value, Port(accepted.Groups["peer"].Value), Port(accepted.Groups["listener"].Value)));
            while (_pending.Count > MaxPending)
            {
                _pending.RemoveFirst();
            }

            return null;
        }

        if (ClientConnected().Match(line) is { Success: true } connected)
        {
            Forget(connected.Groups["address"].Value, Port(connected.Groups["peer"].Value));
            _error = null;
            return null;
        }

        if (OpenSslError().Match(line) is { Success: true } error)
        {
            // The first error of a failure names its cause; later ones ([1], [2]) are consequences.
            if (error.Groups["index"].Value == "0" || _error is null)
            {
                _error = error.Groups["text"].Value.Trim();
            }

            return null;
        }

        if (FailedAtAccept().Match(line) is { Success: true } failed)
        {
            _error = null;
            return Refusal(now, failed.Groups["address"].Value, null, null, failed.Groups["text"].Value.Trim());
        }

        if (UnknownClientDisconnected().IsMatch(line))
        {
            var oldest = _pending.First?.Value;
            if (oldest is not null)
            {
                _pending.RemoveFirst();
            }

            string? cause = _error;
            _error = null;
            // Without an OpenSSL error the TLS session was set up and the MQTT part failed or the peer just closed.
            return cause is null || oldest is null ? null : Refusal(now, oldest.Address, oldest.PeerPort, oldest.ListenerPort, cause);
        }

        return null;
    }

    private static RefusedConnection? Refusal(DateTimeOffset now, string address, int? peerPort, int? listenerPort, string cause)
    {
        // A connect-and-close probe (a port scan, the supervisor's own start check) ends in "unexpected eof",
        // logged at accept or after it: nothing was presented, so nothing was refused.
        if (cause.Contains("unexpected eof", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var reason = cause.Contains("peer did not return a certificate", StringComparison.OrdinalIgnoreCase)
            ? RefusalReason.NoCertificate
            : cause.Contains("certificate verify failed", StringComparison.OrdinalIgnoreCase)
                ? RefusalReason.CertificateRejected
                : RefusalReason.TlsError;
        return new RefusedConnection(now, address, peerPort, listenerPort, reason, cause);
    }

    private void Forget(string address, int? peerPort)
    {
        for (var node = _pending.First; node is not null; node = node.Next)
        {
            if (node.Value.Address == address && node.Value.PeerPort == peerPort)
            {
                _pending.Remove(node);
                return;
            }
        }
    }

    private static int? Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535 ? port : null;

    // IPv6 peers are logged without brackets ("::1:50000"): the port is what follows the last colon.
    [GeneratedRegex(@"New connection from (?<address>[0-9A-Fa-f:.]+):(?<peer>\d{1,5}) on port (?<listener>\d{1,5})\.$", RegexOptions.CultureInvariant)]
    private static partial Regex NewConnection();

    [GeneratedRegex(@"New client connected from (?<address>[0-9A-Fa-f:.]+):(?<peer>\d{1,5}) as ", RegexOptions.CultureInvariant)]
    private static partial Regex ClientConnected();

    [GeneratedRegex(@"OpenSSL Error\[(?<index>\d+)\]: (?:error:[0-9A-Fa-f]+:)?(?:[^:]*:)?(?:[^:]*:)?(?<text>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex OpenSslError();

    [GeneratedRegex(@"Client connection from (?<address>[0-9A-Fa-f:.]+) failed: (?:error:[0-9A-Fa-f]+:)?(?:[^:]*:)?(?:[^:]*:)?(?<text>.*?)\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex FailedAtAccept();

    [GeneratedRegex(@"Client <unknown> disconnected(?::| due to)", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownClientDisconnected();

    private sealed record Pending(string Address, int? PeerPort, int? ListenerPort);
}
