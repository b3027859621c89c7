using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Firmware.HostPlatform.Clock;
using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Simulator.Device;

/// <summary>
/// One power-on of a simulated device: the core's <see cref="DeviceAgent"/> (the same composition the ESP32
/// application runs) over the device's file-backed flash. The simulator drives the agent's services
/// itself, step by step, so it can inject faults between them.
/// </summary>
public sealed class DeviceRuntime
{
    private readonly DeviceAgent _agent;

    private DeviceRuntime(FileFlashStorage flash, DeviceAgent agent)
    {
        Flash = flash;
        _agent = agent;
    }

    public FileFlashStorage Flash { get; }

    public BootManager Manager => _agent.Manager;

    public BootDecision Decision => _agent.Decision;

    public SecurityEventLog Log => _agent.Log;

    public IntegrityMonitor Integrity => _agent.Integrity;

    public EventUploader Uploader => _agent.Uploader;

    public ConnectionFailureReporter Connections => _agent.Connections;

    /// <summary>The update client (after <see cref="StartUpdates"/>).</summary>
    public UpdateClient? Updates => _agent.Updates;

    /// <summary>The supervisor of this boot's trial (after <see cref="SuperviseTrial"/>): the only place a trial is confirmed or rejected.</summary>
    public TrialSupervisor? Trial => _agent.Trial;

    /// <summary>The posture attestation responder (started with the services).</summary>
    public AttestationResponder? Attestation => _agent.Attestation;

    /// <summary>Loads state and trust root from <paramref name="flash"/> and runs the boot decision.</summary>
    public static DeviceRuntime Boot(FileFlashStorage flash, SimulatedClock clock, IMacPrimitive mac, string hardwareClass) =>
        new(flash, DeviceAgent.Boot(flash, clock, mac, hardwareClass));

    public BundleInstaller Installer() => _agent.CreateInstaller();

    /// <summary>Opens the journal (recovering from a power cut), records the boot result, starts the integrity
    /// monitor and the uploader.</summary>
    internal void StartServices(string deviceId, byte[] eventKey, ushort keyEpoch, DeviceSettings settings, TimeSpan integrityInterval, IDeviceLink link)
    {
        var journal = settings.Journal();
        journal.KeyEpoch = keyEpoch;
        var agentSettings = new AgentSettings
        {
            Journal = journal,
            Uploader = settings.Uploader(),
            OnIntegrityViolation = ContainmentState.ReportOnly,
            IntegrityIntervalMilliseconds = Math.Max(1, (long)integrityInterval.TotalMilliseconds),
        };
        _agent.StartServices(deviceId, eventKey, agentSettings, link, DeviceTopics.For(deviceId, DeviceTopics.Events), DeviceTopics.For(deviceId, DeviceTopics.Acks));
        _agent.StartAttestation(deviceId, eventKey, link, DeviceTopics.For(deviceId, DeviceTopics.Commands), DeviceTopics.For(deviceId, DeviceTopics.CommandResults));
    }

    /// <summary>Starts the core's update client on the device's OTA topics (it settles what the last power-on left).</summary>
    internal void StartUpdates(string deviceId, byte[] eventKey, OtaClientOptions options, IDeviceLink link, IRebooter rebooter) =>
        _agent.StartUpdates(
            deviceId,
            eventKey,
            options,
            link,
            DeviceTopics.For(deviceId, DeviceTopics.OtaOffer),
            DeviceTopics.For(deviceId, DeviceTopics.OtaChunk),
            DeviceTopics.For(deviceId, DeviceTopics.OtaReport),
            rebooter);

    /// <summary>
    /// Supervises this boot's trial with the agent's health check composed with <paramref name="applicationCheck"/>,
    /// and reports whether the application started (it did if the core handed over a ready application).
    /// </summary>
    internal TrialSupervisor SuperviseTrial(IHealthCheck applicationCheck, long limitMilliseconds)
    {
        var trial = _agent.SuperviseTrial(applicationCheck, limitMilliseconds);
        var application = _agent.ReadApplication();
        trial.ApplicationStarted(application.IsReady, application.Detail);
        return trial;
    }
}
