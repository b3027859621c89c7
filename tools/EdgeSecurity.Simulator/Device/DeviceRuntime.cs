using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Firmware.HostPlatform.Clock;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.Pki.Topics;

namespace EdgeSecurity.Simulator.Device;

/// <summary>
/// What one power-on of a device wires together, as the device agent does: boot decision over the signed
/// slots, then (when services start) the event log, the integrity monitor and the uploader.
/// </summary>
public sealed class DeviceRuntime
{
    private readonly IMacPrimitive _mac;
    private readonly SimulatedClock _clock;
    private readonly string _hardwareClass;
    private SecurityEventLog? _log;
    private IntegrityMonitor? _integrity;
    private EventUploader? _uploader;

    private DeviceRuntime(FileFlashStorage flash, SimulatedClock clock, IMacPrimitive mac, string hardwareClass, BootStateStore state, InstalledTrustRoot trustRoot, BundleVerifier bundles, BootManager manager)
    {
        Flash = flash;
        _clock = clock;
        _mac = mac;
        _hardwareClass = hardwareClass;
        State = state;
        TrustRoot = trustRoot;
        Bundles = bundles;
        Manager = manager;
    }

    public FileFlashStorage Flash { get; }

    public BootStateStore State { get; }

    public InstalledTrustRoot TrustRoot { get; }

    public BundleVerifier Bundles { get; }

    public BootManager Manager { get; }

    public BootDecision Decision => Manager.Decision;

    public SecurityEventLog Log => _log ?? throw NotStarted();

    public IntegrityMonitor Integrity => _integrity ?? throw NotStarted();

    public EventUploader Uploader => _uploader ?? throw NotStarted();

    /// <summary>Loads state and trust root from <paramref name="flash"/> and runs the boot decision.</summary>
    public static DeviceRuntime Boot(FileFlashStorage flash, SimulatedClock clock, IMacPrimitive mac, string hardwareClass)
    {
        var state = new BootStateStore(flash);
        var trustRoot = InstalledTrustRoot.Load(flash, new TrustRootVerifier(new Ed25519SignatureVerifier(), mac));
        var bundles = new BundleVerifier(new Ed25519SignatureVerifier(), mac);
        var manager = new BootManager(state, new SignedSlotVerifier(flash, trustRoot, bundles, hardwareClass));
        manager.Boot();
        return new DeviceRuntime(flash, clock, mac, hardwareClass, state, trustRoot, bundles, manager);
    }

    public BundleInstaller Installer() => new(Flash, State, TrustRoot, Bundles, _clock, _hardwareClass, Decision.Slot);

    /// <summary>Opens the journal (recovering from a power cut), starts the integrity monitor and the uploader.</summary>
    internal void StartServices(string deviceId, byte[] eventKey, DeviceSettings settings, TimeSpan integrityInterval, IDeviceLink link)
    {
        var journalOptions = settings.Journal();
        var journal = new EventJournal(Flash, journalOptions);
        _log = new SecurityEventLog(journal, journalOptions, _mac, eventKey, deviceId, (uint)State.Current.BootCount, _clock);
        _log.Open();
        _integrity = new IntegrityMonitor(Flash, State, _mac, Decision, TrustRoot, ContainmentState.ReportOnly, Math.Max(1, (long)integrityInterval.TotalMilliseconds));
        _uploader = new EventUploader(journal, link, _clock, _mac, eventKey, DeviceTopics.For(deviceId, DeviceTopics.Events), DeviceTopics.For(deviceId, DeviceTopics.Acks), settings.Uploader());
        _uploader.Start();
    }

    private static InvalidOperationException NotStarted() => new("The device services are not started (the device is off or still booting).");
}
