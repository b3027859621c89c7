namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>
    /// Receives messages on topics the agent subscribed to. An interface rather than a delegate because
    /// nanoFramework has no generic delegates, and one receiver object can keep the state it needs.
    /// Called on the transport's thread: implementations must lock what they share.
    /// </summary>
    public interface IMessageReceiver
    {
        void OnMessage(string topic, byte[] payload);
    }
}
