using System.Net;
using EdgeSecurity.Host.Configuration;

namespace EdgeSecurity.Host.Hosting;

/// <summary>
/// Where the ingest connection goes: the service listener of the embedded broker (ports known once it
/// started, always on loopback) or of the external one.
/// </summary>
public sealed class BrokerEndpoint(BrokerConnectionOptions options)
{
    private int _port = options.Mode == BrokerMode.External && options.ServicePort != 0 ? options.ServicePort : options.Port;
    private int _devicePort = options.Port;

    public string Host { get; } = options.Mode == BrokerMode.Embedded || options.Host is "0.0.0.0" ? "127.0.0.1" : options.Host is "::" ? "::1" : options.Host;

    /// <summary>The port the host connects to (the service listener).</summary>
    public int Port => Volatile.Read(ref _port);

    /// <summary>The port devices connect to (the device listener).</summary>
    public int DevicePort => Volatile.Read(ref _devicePort);

    /// <summary>The name checked against the broker certificate: configured, or "localhost" for a loopback address.</summary>
    public string TlsServerName { get; } = options.TlsServerName
        ?? (IPAddress.TryParse(options.Host, out var address) && (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any)) ? "localhost" : options.Host);

    internal void SetPorts(int devicePort, int servicePort)
    {
        Volatile.Write(ref _devicePort, devicePort);
        Volatile.Write(ref _port, servicePort);
    }
}
