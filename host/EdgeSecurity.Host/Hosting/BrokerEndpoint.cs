using System.Net;
using EdgeSecurity.Host.Configuration;

namespace EdgeSecurity.Host.Hosting;

/// <summary>Where the ingest connection goes: the embedded broker (port known once it started) or the external one.</summary>
public sealed class BrokerEndpoint(BrokerConnectionOptions options)
{
    private int _port = options.Port;

    public string Host { get; } = options.Host is "0.0.0.0" ? "127.0.0.1" : options.Host is "::" ? "::1" : options.Host;

    public int Port => Volatile.Read(ref _port);

    /// <summary>The name checked against the broker certificate: configured, or "localhost" for a loopback address.</summary>
    public string TlsServerName { get; } = options.TlsServerName
        ?? (IPAddress.TryParse(options.Host, out var address) && (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any)) ? "localhost" : options.Host);

    internal void SetPort(int port) => Volatile.Write(ref _port, port);
}
