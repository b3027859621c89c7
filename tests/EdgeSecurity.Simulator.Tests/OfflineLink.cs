using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Simulator.Device;

namespace EdgeSecurity.Simulator.Tests;

/// <summary>
/// A device link that is never connected: the device records into its journal and uploads nothing. It
/// remembers the outages it was asked to emulate.
/// </summary>
internal sealed class OfflineLink : IDeviceLink
{
    public List<(string Kind, TimeSpan Length)> Outages { get; } = [];

    public bool IsConnected => false;

    public bool Publish(string topic, byte[] payload) => false;

    public void Subscribe(string topic, IMessageReceiver receiver)
    {
    }

    public void Start()
    {
    }

    public int DeliverPending() => 0;

    public void ReportConnectionAttempts(ConnectionFailureReporter connections)
    {
    }

    public void DropConnection()
    {
    }

    public void BeginBrokerOutage(TimeSpan length) => Outages.Add(("broker", length));

    public void BeginHostOutage(TimeSpan length) => Outages.Add(("host", length));
}
