using System.Collections;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Firmware.Core.Platform;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace EdgeSecurity.Firmware.Esp32.Platform
{
    /// <summary>
    /// IBrokerConnection over nanoFramework.M2Mqtt: TLS 1.2 with the device certificate, QoS 1 publishes.
    /// The uploader trims the journal only on the host's end-to-end ack, so a publish lost with a dropped
    /// connection is simply resent; nothing here needs to be durable. The agent's LinkMaintainer calls
    /// <see cref="TryConnect"/> while the link is down and records the failures.
    /// </summary>
    public sealed class M2MqttTransport : IBrokerConnection
    {
        private readonly MqttClient _client;
        private readonly string _clientId;
        private readonly Hashtable _receivers = new Hashtable();

        public M2MqttTransport(string brokerHost, int brokerPort, X509Certificate caCertificate, X509Certificate2 deviceCertificate, string clientId)
        {
            _clientId = clientId;
            // The constructor resolves the host name: the network must be up.
            _client = new MqttClient(brokerHost, brokerPort, true, caCertificate, deviceCertificate, MqttSslProtocols.TLSv1_2);
            _client.MqttMsgPublishReceived += OnPublishReceived;
        }

        public bool IsConnected
        {
            get { return _client.IsConnected; }
        }

        /// <summary>
        /// Connects with a persistent session, so acks sent while the device was away are kept by the broker,
        /// and subscribes again to every topic a receiver asked for.
        /// </summary>
        public ConnectAttempt TryConnect()
        {
            int code;
            try
            {
                code = (int)_client.Connect(_clientId, null, null, false, 60);
            }
            catch (System.Exception e)
            {
                // Socket and TLS failures throw; the type names the cause well enough for
                // the event, and the message may carry more than a short reason should.
                return ConnectAttempt.Failure(-1, "connect failed: " + e.GetType().Name, false);
            }

            if (code != 0)
            {
                // 4/5: MQTT 3.1.1 bad credentials / not authorized; 134/135: the same reasons in MQTT 5.
                bool authentication = code == 4 || code == 5 || code == 134 || code == 135;
                return ConnectAttempt.Failure(code, "the broker refused the connection", authentication);
            }

            foreach (DictionaryEntry entry in _receivers)
            {
                _client.Subscribe(new string[] { (string)entry.Key }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
            }

            return ConnectAttempt.Success();
        }

        public bool Publish(string topic, byte[] payload)
        {
            if (!_client.IsConnected)
            {
                return false;
            }

            try
            {
                _client.Publish(topic, payload, null, null, MqttQoSLevel.AtLeastOnce, false);
                return true;
            }
            catch (System.Exception)
            {
                // Publish throws when the in-flight queue is full; the uploader retries on a later poll.
                return false;
            }
        }

        public void Subscribe(string topic, IMessageReceiver receiver)
        {
            _receivers[topic] = receiver;
            if (_client.IsConnected)
            {
                _client.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
            }
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            IMessageReceiver receiver = (IMessageReceiver)_receivers[e.Topic];
            if (receiver != null)
            {
                receiver.OnMessage(e.Topic, e.Message);
            }
        }
    }
}
