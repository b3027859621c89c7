namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>
    /// The agent's link to the broker (on the device: nanoFramework.M2Mqtt over mutual TLS). Delivery is
    /// at-least-once (MQTT QoS 1): a payload may arrive twice, so every message the agent sends is
    /// idempotent at the receiver. A broker's PUBACK only means the broker has it; end-to-end
    /// acknowledgement is an application message (see docs/formats/events.md).
    /// </summary>
    public interface IMessageTransport
    {
        /// <summary>True while a session with the broker is up. Publishing while false fails.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Queues <paramref name="payload"/> for at-least-once delivery to <paramref name="topic"/>.
        /// Returns false when the transport cannot take it now (not connected, in-flight queue full);
        /// the caller keeps the data and tries again later. Never blocks on the network.
        /// </summary>
        bool Publish(string topic, byte[] payload);

        /// <summary>
        /// Delivers messages arriving on <paramref name="topic"/> (MQTT filter syntax) to
        /// <paramref name="receiver"/>, also after a reconnect (the transport re-subscribes).
        /// </summary>
        void Subscribe(string topic, IMessageReceiver receiver);
    }
}
