using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Simulator.Device;

namespace EdgeSecurity.Simulator.Tests;

/// <summary>A device link that is never connected: the device records into its journal and uploads nothing.</summary>
internal sealed class OfflineLink : IDeviceLink
{
    public bool IsConnected => false;

    public bool Publish(string topic, byte[] payload) => false;

    public void Subscribe(string topic, IMessageReceiver receiver)
    {
    }

    public void Start()
    {
    }

    public int DeliverPending() => 0;

    public void DropConnection()
    {
    }
}
