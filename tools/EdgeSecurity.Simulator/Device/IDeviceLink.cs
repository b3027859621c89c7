using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Simulator.Device;

/// <summary>The device's network link: the core's transport plus delivery of received messages on the device thread.</summary>
public interface IDeviceLink : IMessageTransport
{
    /// <summary>Starts connecting (and keeps reconnecting) in the background.</summary>
    void Start();

    /// <summary>Hands received messages to the subscribed receivers; called by the device loop only.</summary>
    int DeliverPending();

    /// <summary>
    /// Reports the connection attempts that failed since the last call, then whether the link is up, to the
    /// agent's <paramref name="connections"/> (recorded as connection and authentication failure events);
    /// called by the device loop only.
    /// </summary>
    void ReportConnectionAttempts(ConnectionFailureReporter connections);

    /// <summary>Drops the current connection (the link reconnects by itself).</summary>
    void DropConnection();

    /// <summary>
    /// The broker becomes unreachable for <paramref name="length"/> as the device sees it: the connection
    /// breaks and every reconnect fails until then; afterwards the link reconnects as usual.
    /// </summary>
    void BeginBrokerOutage(TimeSpan length);

    /// <summary>
    /// The host goes silent for <paramref name="length"/> as the device sees it: the connection stays up and
    /// publishes reach the broker, but no ack reaches the device until then.
    /// </summary>
    void BeginHostOutage(TimeSpan length);
}
