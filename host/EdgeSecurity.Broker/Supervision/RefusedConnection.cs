namespace EdgeSecurity.Broker.Supervision;

/// <summary>
/// One TLS connection the broker refused. <paramref name="PeerAddress"/> is the client's IP address as
/// mosquitto logged it (with concurrent handshakes, mosquitto 2.0 does not say which of them failed: the
/// oldest pending one is taken); <paramref name="ListenerPort"/> is the broker port it connected to (null when
/// mosquitto refused it before logging the connection); <paramref name="Detail"/> is mosquitto's error text.
/// </summary>
public sealed record RefusedConnection(DateTimeOffset At, string PeerAddress, int? PeerPort, int? ListenerPort, RefusalReason Reason, string Detail);
