using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Time;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>
    /// One power-on of the device security agent, wired the same way on the ESP32 and in the simulator:
    /// the boot decision over the signed slots first (nothing of the application runs before it), then the
    /// event log, the runtime integrity monitor and the uploader, driven by <see cref="Poll"/> from the
    /// agent's main loop.
    /// </summary>
    public sealed class DeviceAgent : IPostureSource
    {
        private readonly IFlashStorage _flash;
        private readonly IClock _clock;
        private readonly IMacPrimitive _mac;
        private readonly string _hardwareClass;
        private SecurityEventLog _log;
        private IntegrityMonitor _integrity;
        private EventUploader _uploader;
        private ConnectionFailureReporter _connections;
        private AgentSettings _settings;
        private long _nextHeartbeatMs;
        private ContainmentState _reportedContainment;
        private IMessageTransport _transport;
        private long _bootReportSequence;
        private UpdateClient _updates;
        private TrialSupervisor _trial;
        private InstalledTrustRoot _bootTrustRoot;
        private AttestationResponder _attestation;

        private DeviceAgent(IFlashStorage flash, IClock clock, IMacPrimitive mac, string hardwareClass, BootStateStore state, InstalledTrustRoot trustRoot, TrustRootVerifier rootVerifier, BundleVerifier bundles, BootManager manager)
        {
            _flash = flash;
            _clock = clock;
            _mac = mac;
            _hardwareClass = hardwareClass;
            State = state;
            _bootTrustRoot = trustRoot;
            RootVerifier = rootVerifier;
            Bundles = bundles;
            Manager = manager;
        }

        public IFlashStorage Flash
        {
            get { return _flash; }
        }

        public BootStateStore State { get; private set; }

        /// <summary>The installed trust root: as loaded at boot, or as a rotation over the air replaced it since.</summary>
        public InstalledTrustRoot TrustRoot
        {
            get { return _updates != null ? _updates.TrustRoot : _bootTrustRoot; }
        }

        public TrustRootVerifier RootVerifier { get; private set; }

        public BundleVerifier Bundles { get; private set; }

        /// <summary>The update client (after <see cref="StartUpdates"/>), else null.</summary>
        public UpdateClient Updates
        {
            get { return _updates; }
        }

        /// <summary>The supervisor of this boot's trial (after <see cref="SuperviseTrial"/>), else null.</summary>
        public TrialSupervisor Trial
        {
            get { return _trial; }
        }

        public BootManager Manager { get; private set; }

        public BootDecision Decision
        {
            get { return Manager.Decision; }
        }

        /// <summary>The event log (after <see cref="StartServices"/>).</summary>
        public SecurityEventLog Log
        {
            get
            {
                ThrowIfNotStarted();
                return _log;
            }
        }

        public IntegrityMonitor Integrity
        {
            get
            {
                ThrowIfNotStarted();
                return _integrity;
            }
        }

        public EventUploader Uploader
        {
            get
            {
                ThrowIfNotStarted();
                return _uploader;
            }
        }

        /// <summary>
        /// Where the platform's link reports its connection attempts (failed ones and coming up), on the
        /// agent's thread; recorded as connection and authentication failure events.
        /// </summary>
        public ConnectionFailureReporter Connections
        {
            get
            {
                ThrowIfNotStarted();
                return _connections;
            }
        }

        /// <summary>True while the transport has a session with the broker (after <see cref="StartServices"/>).</summary>
        public bool IsConnected
        {
            get { return _transport != null && _transport.IsConnected; }
        }

        /// <summary>Journal sequence of this boot's boot-verification event (0 before <see cref="StartServices"/>).</summary>
        public long BootReportSequence
        {
            get { return _bootReportSequence; }
        }

        /// <summary>True once the host acknowledged (MAC'd event ack) the events through this boot's boot report.</summary>
        public bool IsBootReportAcknowledged
        {
            get { return _bootReportSequence > 0 && Log.Journal.AcknowledgedThrough >= _bootReportSequence; }
        }

        /// <summary>Loads the boot state and trust root from flash and decides what to run.</summary>
        public static DeviceAgent Boot(IFlashStorage flash, IClock clock, IMacPrimitive mac, string hardwareClass)
        {
            BootStateStore state = new BootStateStore(flash);
            Ed25519SignatureVerifier signatures = new Ed25519SignatureVerifier();
            TrustRootVerifier rootVerifier = new TrustRootVerifier(signatures, mac);
            InstalledTrustRoot trustRoot = InstalledTrustRoot.Load(flash, rootVerifier);
            BundleVerifier bundles = new BundleVerifier(signatures, mac);
            BootManager manager = new BootManager(state, new SignedSlotVerifier(flash, trustRoot, bundles, hardwareClass));
            manager.Boot();
            return new DeviceAgent(flash, clock, mac, hardwareClass, state, trustRoot, rootVerifier, bundles, manager);
        }

        /// <summary>An installer for the slot that is not running (OTA and factory provisioning feed it).</summary>
        public BundleInstaller CreateInstaller()
        {
            return new BundleInstaller(_flash, State, TrustRoot, Bundles, _clock, _hardwareClass, Decision.Slot);
        }

        /// <summary>
        /// Opens the journal (recovering from a power cut), records the boot result, and starts the integrity
        /// monitor and the uploader on <paramref name="transport"/>.
        /// </summary>
        public void StartServices(string deviceId, byte[] eventKey, AgentSettings settings, IMessageTransport transport, string eventTopic, string ackTopic)
        {
            _settings = settings;
            _transport = transport;
            EventJournal journal = new EventJournal(_flash, settings.Journal);
            _log = new SecurityEventLog(journal, settings.Journal, _mac, eventKey, deviceId, (uint)State.Current.BootCount, _clock);
            _log.Open();
            _integrity = new IntegrityMonitor(_flash, State, _mac, Decision, TrustRoot, settings.OnIntegrityViolation, settings.IntegrityIntervalMilliseconds);
            _reportedContainment = _integrity.Containment;
            _uploader = new EventUploader(journal, transport, _clock, _mac, eventKey, eventTopic, ackTopic, settings.Uploader);
            _uploader.Start();
            _connections = new ConnectionFailureReporter(_log);
            RecordBootResult();
            _nextHeartbeatMs = 0;
        }

        /// <summary>
        /// Starts the supervision of this boot's trial (docs/boot.md, "health check") after
        /// <see cref="StartServices"/>: the host must acknowledge this boot's boot report within
        /// <paramref name="limitMilliseconds"/> and <paramref name="applicationCheck"/> (may be null) must pass.
        /// The supervisor is the only place a trial is confirmed or rejected; <see cref="Poll"/> drives it, the
        /// update client only reports its outcome. The platform tells it whether the application started and
        /// reboots when it rejected the trial (<see cref="TrialSupervisor.RebootRequired"/>).
        /// </summary>
        public TrialSupervisor SuperviseTrial(IHealthCheck applicationCheck, long limitMilliseconds)
        {
            ThrowIfNotStarted();
            _trial = new TrialSupervisor(this, new BootReportHealthCheck(this, _clock.UptimeMilliseconds, limitMilliseconds, applicationCheck));
            if (_updates != null)
            {
                _updates.Trial = _trial;
            }

            return _trial;
        }

        /// <summary>
        /// Starts the update client (docs/ota.md) after <see cref="StartServices"/>: subscribes to the OTA offer and
        /// chunk topics and settles what the last power-on left (trial boot, rollback, interrupted download). The
        /// outcome of a trial comes from <see cref="SuperviseTrial"/>'s supervisor; the client reports it.
        /// </summary>
        public UpdateClient StartUpdates(string deviceId, byte[] eventKey, OtaClientOptions options, IMessageTransport transport, string offerTopic, string chunkTopic, string reportTopic, IRebooter rebooter)
        {
            ThrowIfNotStarted();
            UpdateClientParts parts = new UpdateClientParts();
            parts.Flash = _flash;
            parts.BootState = State;
            parts.Boot = Manager;
            parts.TrustRoot = TrustRoot;
            parts.RootVerifier = RootVerifier;
            parts.Bundles = Bundles;
            parts.HardwareClass = _hardwareClass;
            parts.Clock = new TrustedClock(_clock, _flash);
            parts.Log = _log;
            parts.Integrity = _integrity;
            parts.Transport = transport;
            parts.Mac = _mac;
            parts.DeviceEventKey = eventKey;
            parts.DeviceId = deviceId;
            parts.OfferTopic = offerTopic;
            parts.ChunkTopic = chunkTopic;
            parts.ReportTopic = reportTopic;
            parts.Rebooter = rebooter;
            _updates = new UpdateClient(parts, options);
            _updates.Trial = _trial;

            _updates.Start();
            return _updates;
        }

        /// <summary>The attestation responder (after <see cref="StartAttestation"/>), else null.</summary>
        public AttestationResponder Attestation
        {
            get { return _attestation; }
        }

        /// <summary>
        /// Starts answering the host's attestation challenges (docs/attestation.md) after <see cref="StartServices"/>:
        /// challenges arrive on <paramref name="commandTopic"/>, answers MACed under <paramref name="eventKey"/> (the
        /// key of the journal's key epoch) go to <paramref name="answerTopic"/> from <see cref="Poll"/>.
        /// </summary>
        public AttestationResponder StartAttestation(string deviceId, byte[] eventKey, IMessageTransport transport, string commandTopic, string answerTopic)
        {
            ThrowIfNotStarted();
            _attestation = new AttestationResponder(_mac, eventKey, _settings.Journal.KeyEpoch, deviceId, transport, answerTopic, this);
            _attestation.Start(commandTopic);
            return _attestation;
        }

        /// <summary>This boot's decision, the stored boot state, the integrity state and the journal head, now.</summary>
        public AttestationEvidence CapturePosture()
        {
            ThrowIfNotStarted();
            BootReport report = Decision.Report;
            BootState state = State.Current;
            AttestationEvidence evidence = new AttestationEvidence();
            evidence.BootCount = state.BootCount;
            evidence.BootMode = (int)report.Mode;
            evidence.RunningSlot = report.Slot;
            evidence.IsTrial = report.IsTrial;
            evidence.BundleDigest = state.GetDigest(report.Slot);
            evidence.BundleCounter = BootSlot.IsSlot(report.Slot) ? report.BundleCounter : -1;
            evidence.ConfirmedCounter = state.ConfirmedCounter;
            evidence.Containment = (int)state.Containment;
            long checkedAt = _integrity.LastCheckMilliseconds;
            evidence.IntegrityResult = _integrity.MismatchSeen ? 2 : checkedAt < 0 ? 0 : 1;
            evidence.IntegrityCheckedAtUptimeMs = checkedAt;
            evidence.JournalHeadMac = _log.Journal.ReadHead(out long headSequence);
            evidence.JournalHeadSequence = headSequence;
            evidence.UptimeMs = _clock.UptimeMilliseconds;
            return evidence;
        }

        /// <summary>One turn of the agent loop: heartbeat when due, integrity check when due, uploads, the trial, updates.</summary>
        public void Poll()
        {
            long now = _clock.UptimeMilliseconds;
            if (now >= _nextHeartbeatMs)
            {
                Log.RecordHeartbeat(-1);
                _nextHeartbeatMs = now + _settings.HeartbeatIntervalMilliseconds;
            }

            RecordFindings(Integrity.Tick(now));
            Uploader.Poll();
            if (_trial != null)
            {
                _trial.Poll(_clock.UptimeMilliseconds);
            }

            if (_updates != null)
            {
                _updates.Poll();
            }

            if (_attestation != null)
            {
                _attestation.Poll();
            }
        }

        /// <summary>
        /// Reads every managed assembly of the verified slot into RAM and checks each against the manifest
        /// verified at boot; the platform loads them only when the result is ready, and then all of them.
        /// A component changed on flash since the boot check withholds the whole application for this boot:
        /// it is recorded as an integrity finding (event) and containment is entered as configured, and the
        /// agent keeps running to report and take updates (docs/boot.md, "loading the application").
        /// </summary>
        public ApplicationLoad ReadApplication()
        {
            ThrowIfNotStarted();
            if (!Decision.MayRunApplication)
            {
                return ApplicationLoad.NotAllowed("this boot runs no application code (" + Decision.Mode.ToString() + ")");
            }

            SlotVerification verified = Decision.Verified;
            int count = 0;
            for (int i = 0; i < verified.Manifest.ComponentCount; i++)
            {
                if (verified.Manifest.GetComponent(i).Kind == ComponentKind.ManagedAssembly)
                {
                    count++;
                }
            }

            byte[][] assemblies = new byte[count][];
            string[] names = new string[count];
            int next = 0;
            for (int i = 0; i < verified.Manifest.ComponentCount; i++)
            {
                if (verified.Manifest.GetComponent(i).Kind != ComponentKind.ManagedAssembly)
                {
                    continue;
                }

                ComponentRead read = VerifiedComponentReader.Read(_flash, _mac, verified, i);
                if (!read.IsIntact)
                {
                    IntegrityFinding finding = new IntegrityFinding(IntegrityFindingKind.Component, read.FileName, read.Name, read.ExpectedDigest, read.ActualDigest, read.Detail + "; application not loaded");
                    _integrity.ReportFinding(finding);
                    RecordFindings(new IntegrityFinding[] { finding });
                    return ApplicationLoad.Withheld(read);
                }

                assemblies[next] = read.Bytes;
                names[next] = read.Name;
                next++;
            }

            return ApplicationLoad.Ready(assemblies, names);
        }

        /// <summary>An integrity check now (on demand from the host, or after a configuration change).</summary>
        public IntegrityFinding[] CheckIntegrityNow()
        {
            IntegrityFinding[] findings = Integrity.Check(_clock.UptimeMilliseconds);
            RecordFindings(findings);
            return findings;
        }

        private void RecordBootResult()
        {
            BootReport report = Decision.Report;
            int result = Decision.MayRunApplication ? 0 : 1;
            string reason = report.Outcome.ToString();
            if (report.Failures.Length > 0)
            {
                reason = reason + ": " + report.Failures[0].ToString();
            }

            _bootReportSequence = Log.Record(SecurityEvents.BootVerification(result, reason, BootSlot.Name(report.Slot), report.Version, string.Empty, report.BundleCounter));
        }

        private void RecordFindings(IntegrityFinding[] findings)
        {
            for (int i = 0; i < findings.Length; i++)
            {
                Log.Record(SecurityEvents.IntegrityCheck(1, findings[i].Detail, findings[i].Subject, findings.Length));
            }

            ContainmentState now = Integrity.Containment;
            if (now != _reportedContainment)
            {
                Log.Record(SecurityEvents.ContainmentEntered((int)now, "runtime integrity violation"));
                _reportedContainment = now;
            }
        }

        private void ThrowIfNotStarted()
        {
            if (_log == null)
            {
                throw new System.InvalidOperationException("The agent's services are not started: call StartServices after Boot.");
            }
        }
    }
}
