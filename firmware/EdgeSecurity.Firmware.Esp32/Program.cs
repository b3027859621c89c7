using System;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Esp32.Platform;

namespace EdgeSecurity.Firmware.Esp32
{
    /// <summary>
    /// The agent on the chip. Everything it decides is in the portable core (DeviceAgent); this wires the
    /// core to nanoFramework's APIs and loads application assemblies only from a verified slot.
    /// </summary>
    public static class Program
    {
        private const string StorageRoot = "I:\\es";
        private const int StorageBudgetBytes = 200 * 1024;

        public static void Main()
        {
            ProvisioningFiles provisioning = ProvisioningFiles.Load();
            string deviceId = provisioning.Get("device_id");
            string topicRoot = provisioning.Get("topic_root");
            Esp32Device device = new Esp32Device(deviceId, provisioning.Get("hardware_class"));
            Esp32Clock clock = new Esp32Clock();
            NativeHmac mac = new NativeHmac();
            LittleFsStorage flash = new LittleFsStorage(StorageRoot, StorageBudgetBytes);

            DeviceAgent agent = DeviceAgent.Boot(flash, clock, mac, device.HardwareClass);
            Console.WriteLine("EdgeSecurity boot: " + agent.Decision.Report.ToString());

            // The clock must be set before TLS checks certificate dates (nanoframework.md): the real build
            // sets it from SNTP here and marks it trusted only after the first authenticated host time.
            string brokerHost = provisioning.Get("broker_host");
            string brokerPort = provisioning.Get("broker_port");
            M2MqttTransport transport = new M2MqttTransport(
                brokerHost,
                int.Parse(brokerPort),
                new X509Certificate(provisioning.ReadText("ca_file")),
                new X509Certificate2(provisioning.ReadText("cert_file"), provisioning.ReadText("key_file"), null),
                provisioning.Get("mqtt_client_id"));

            // The services start before the first connect: the journal records while the broker is away, and
            // failed connection attempts are events too.
            AgentSettings settings = new AgentSettings();
            settings.HeartbeatIntervalMilliseconds = long.Parse(provisioning.Get("heartbeat_interval_s")) * 1000;
            settings.IntegrityIntervalMilliseconds = long.Parse(provisioning.Get("integrity_check_interval_s")) * 1000;
            byte[] eventKey = provisioning.ReadFile("event_key_file");
            agent.StartServices(deviceId, eventKey, settings, transport, topicRoot + "/evt", topicRoot + "/ack");

            // The update client takes offers and chunks from the host and, at a trial boot, decides it by the
            // health check (the host acknowledged this boot's report in time): confirm, or reject and reboot
            // into the previous bundle. Nothing here confirms a trial by itself.
            agent.StartUpdates(deviceId, eventKey, new OtaClientOptions(), transport, topicRoot + "/ota/offer", topicRoot + "/ota/chunk", topicRoot + "/ota/report", device, null);
            LinkMaintainer link = new LinkMaintainer(transport, brokerHost + ":" + brokerPort, new ReconnectSchedule(1000, 60000), agent.Connections);

            if (agent.Decision.MayRunApplication)
            {
                LoadApplication(agent, mac);
            }

            while (true)
            {
                link.Poll(clock.UptimeMilliseconds);
                agent.Poll();
                Thread.Sleep(1000);
            }
        }

        /// <summary>Loads every managed-assembly component of the verified slot; each is re-hashed in RAM
        /// before Assembly.Load so the bytes loaded are the bytes verified. A trial is not confirmed here: the
        /// update client confirms it once the health check passes (docs/ota.md).</summary>
        private static void LoadApplication(DeviceAgent agent, NativeHmac mac)
        {
            SlotVerification verified = agent.Decision.Verified;
            for (int i = 0; i < verified.Manifest.ComponentCount; i++)
            {
                if (verified.Manifest.GetComponent(i).Kind == EdgeSecurity.Firmware.Core.Bundles.ComponentKind.ManagedAssembly)
                {
                    byte[] pe = VerifiedComponentReader.Read(agent.Flash, mac, verified, i);
                    Assembly.Load(pe);
                }
            }
        }
    }
}
