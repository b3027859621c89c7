using System;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Topics;
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
            Esp32Device device = new Esp32Device(deviceId, provisioning.Get("hardware_class"));
            Esp32Clock clock = new Esp32Clock();
            NativeHmac mac = new NativeHmac();
            LittleFsStorage flash = new LittleFsStorage(StorageRoot, StorageBudgetBytes);

            DeviceAgent agent = DeviceAgent.Boot(flash, clock, mac, device.HardwareClass);
            Console.WriteLine("EdgeSecurity boot: " + agent.Decision.Report.ToString());

            // The clock must be set before TLS checks certificate dates (a fresh board's clock starts in 1970): the real build
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
            // The epoch of that key (docs/formats/events.md §2.1); packages from before key epochs hold epoch 0.
            string keyEpoch = provisioning.Get("event_key_epoch");
            settings.Journal.KeyEpoch = keyEpoch == null ? (ushort)0 : ushort.Parse(keyEpoch);
            agent.StartServices(deviceId, eventKey, settings, transport, DeviceTopics.For(deviceId, DeviceTopics.Events), DeviceTopics.For(deviceId, DeviceTopics.Acks));

            // The update client takes offers and chunks from the host and reports every stage, a trial's outcome too.
            agent.StartUpdates(deviceId, eventKey, new OtaClientOptions(), transport, DeviceTopics.For(deviceId, DeviceTopics.OtaOffer), DeviceTopics.For(deviceId, DeviceTopics.OtaChunk), DeviceTopics.For(deviceId, DeviceTopics.OtaReport), device);
            // Posture attestation: challenges on the command leaf, answers (MACed in the core) on the command-result leaf.
            agent.StartAttestation(deviceId, eventKey, transport, DeviceTopics.For(deviceId, DeviceTopics.Commands), DeviceTopics.For(deviceId, DeviceTopics.CommandResults));
            LinkMaintainer link = new LinkMaintainer(transport, brokerHost + ":" + brokerPort, new ReconnectSchedule(1000, 60000), agent.Connections);

            // A trial is confirmed or rejected only by the agent's supervisor (polled by agent.Poll), by the health check's verdict (never at load).
            TrialSupervisor trial = agent.SuperviseTrial(null, BootReportHealthCheck.DefaultLimitMilliseconds);
            LoadApplication(agent, trial);

            while (true)
            {
                link.Poll(clock.UptimeMilliseconds);
                agent.Poll();
                if (trial.RebootRequired)
                {
                    // The rejection and its event are on flash; the next boot runs the confirmed slot and reports the rollback.
                    Console.WriteLine("EdgeSecurity trial rejected: " + trial.Reason);
                    device.Reboot();
                }

                Thread.Sleep(1000);
            }
        }

        /// <summary>
        /// Loads the application the core handed over: every managed assembly of the verified slot, each
        /// re-hashed in RAM, or none. A component changed on flash after the boot check is withheld by the
        /// core (recorded, contained); the agent keeps running to report and take updates. Whether the
        /// application started goes to the trial supervisor (a trial whose application did not start is
        /// rejected); nothing is confirmed here.
        /// </summary>
        private static void LoadApplication(DeviceAgent agent, TrialSupervisor trial)
        {
            ApplicationLoad application = agent.ReadApplication();
            Console.WriteLine("EdgeSecurity application: " + application.ToString());
            if (!application.IsReady)
            {
                trial.ApplicationStarted(false, application.Detail);
                return;
            }

            for (int i = 0; i < application.AssemblyCount; i++)
            {
                try
                {
                    Assembly.Load(application.GetAssembly(i));
                }
                catch (Exception e)
                {
                    // A signed but broken assembly: reported to the supervisor (a trial is rejected), the agent keeps running.
                    Console.WriteLine("EdgeSecurity application: " + application.GetName(i) + " did not load: " + e.Message);
                    trial.ApplicationStarted(false, application.GetName(i) + " did not load: " + e.Message);
                    return;
                }
            }

            trial.ApplicationStarted(true, application.Detail);
        }
    }
}
