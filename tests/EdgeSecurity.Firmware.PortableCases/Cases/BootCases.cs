using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases.Cases
{
    /// <summary>
    /// Boot decisions on an in-memory flash, through the same composition the ESP32 app boots with
    /// (<see cref="DeviceAgent.Boot"/>): first install, trial, confirm, update, rejected trial and rollback,
    /// a refused under-signed bundle, and a running slot changed on flash.
    /// </summary>
    public static class BootCases
    {
        private const string Incoming = "incoming/bundle.bin";

        public static string Decisions(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            InMemoryFlash flash = new InMemoryFlash(4 * 1024 * 1024);
            FixedClock clock = new FixedClock(CaseKit.Now(vectors));
            byte[] root = vectors.Bytes("trust.root");
            flash.Write(StorageLayout.TrustRootFile, 0, root, 0, root.Length);
            flash.Flush(StorageLayout.TrustRootFile);

            DeviceAgent agent = Boot(transcript, "empty", flash, clock);
            Install(transcript, "install1", agent, flash, vectors.Bytes("bundle.1"));
            agent = Boot(transcript, "trial1", flash, clock);
            agent.Manager.Confirm();
            agent = Boot(transcript, "confirmed1", flash, clock);

            Install(transcript, "install2", agent, flash, vectors.Bytes("bundle.2"));
            agent = Boot(transcript, "trial2", flash, clock);
            agent.Manager.RejectTrial();
            agent = Boot(transcript, "rejected2", flash, clock);

            InstallResult underSigned = agent.CreateInstaller().BeginInstall(vectors.Bytes("bundle.under.manifest"));
            transcript.Add("under-signed:" + Describe(underSigned));

            // Change one byte of a component file of the running slot: the next boot must not run it.
            string victim = BootSlot.ComponentFile(agent.Decision.Slot, 0);
            transcript.Add("slot-files:" + flash.List(BootSlot.Directory(agent.Decision.Slot)).Length);
            byte[] one = new byte[1];
            flash.Read(victim, 0, one, 0, 1);
            one[0] ^= 0xFF;
            flash.Write(victim, 0, one, 0, 1);
            Boot(transcript, "tampered", flash, clock);
            return transcript.ToString();
        }

        private static DeviceAgent Boot(Transcript transcript, string label, InMemoryFlash flash, FixedClock clock)
        {
            DeviceAgent agent = DeviceAgent.Boot(flash, clock, new ManagedHmacSha256(), CaseKit.HardwareClass);
            BootDecision decision = agent.Decision;
            BootReport report = decision.Report;
            transcript.Add(label + ":mode" + (int)decision.Mode + ",slot" + decision.Slot + ",trial" + (decision.IsTrial ? 1 : 0)
                + ",run" + (decision.MayRunApplication ? 1 : 0) + ",outcome" + (int)report.Outcome + ",v" + report.Version
                + ",counter" + report.BundleCounter + "/" + report.ConfirmedCounter + ",boots" + report.BootCount
                + ",left" + report.TrialAttemptsLeft + ",fallback" + (report.FallbackTaken ? 1 : 0)
                + ",rollback" + (int)report.RollbackReason + ",failures" + report.Failures.Length);
            return agent;
        }

        private static void Install(Transcript transcript, string label, DeviceAgent agent, InMemoryFlash flash, byte[] container)
        {
            flash.Write(Incoming, 0, container, 0, container.Length);
            flash.Flush(Incoming);
            transcript.Add(label + ":" + Describe(agent.CreateInstaller().InstallFromContainer(Incoming)));
            flash.Delete(Incoming);
        }

        private static string Describe(InstallResult result)
        {
            return (result.IsAccepted ? "accepted" : "refused" + (int)result.Failure) + ",slot" + result.TargetSlot + ",missing" + result.MissingChunks;
        }
    }
}
