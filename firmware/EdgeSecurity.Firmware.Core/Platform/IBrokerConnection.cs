namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>
    /// A transport the agent connects itself, one blocking attempt at a time (on the ESP32, M2Mqtt's
    /// Connect); <see cref="Agent.LinkMaintainer"/> decides when to try and records the failures.
    /// </summary>
    public interface IBrokerConnection : IMessageTransport
    {
        /// <summary>One attempt to connect (and to restore the subscriptions); never throws.</summary>
        ConnectAttempt TryConnect();
    }
}
