using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.HostPlatform.Clock;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Simulator.Provisioning;

namespace EdgeSecurity.Simulator.Device;

/// <summary>
/// One simulated device running the real firmware core: its own file-backed flash, its enrolled identity,
/// signed boot, runtime integrity monitor, event journal and uploader over <see cref="IDeviceLink"/>.
/// Not thread-safe: one loop calls <see cref="Step"/>; faults are queued with <see cref="Inject"/> and run
/// inside the next step, on that loop.
/// </summary>
public sealed class SimulatedDevice
{
    private static readonly HmacSha256MacPrimitive Mac = new();
    private readonly DevicePackage _package;
    private readonly DeviceSettings _settings;
    private readonly IDeviceLink _link;
    private readonly byte[] _eventKey;
    private readonly SimulatedClock _clock = new(DateTime.UtcNow);
    private readonly System.Collections.Concurrent.ConcurrentQueue<Action<SimulatedDevice>> _faults = new();
    private readonly TimeSpan _heartbeatInterval;
    private readonly TimeSpan _integrityInterval;
    private readonly object _gate = new();
    private readonly List<long>? _sequences;
    private DeviceRuntime? _runtime;
    private volatile bool _generating = true;
    private TimeSpan _skew;
    private long _nextHeartbeatMs;
    private double _eventCredit;
    private long _generated;
    private long _refused;
    private int _reboots;
    private int _powerCuts;
    private int _findings;
    private volatile bool _rebootRequested;
    private volatile bool _healthFails;

    public SimulatedDevice(DevicePackage package, string flashDirectory, IDeviceLink link, DeviceSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(link);
        _package = package;
        _link = link;
        _settings = settings ?? new DeviceSettings();
        FlashDirectory = flashDirectory;
        _eventKey = package.ReadEventKey();
        _heartbeatInterval = _settings.HeartbeatInterval ?? TimeSpan.FromSeconds(package.HeartbeatIntervalSeconds);
        _integrityInterval = _settings.IntegrityInterval ?? TimeSpan.FromSeconds(package.IntegrityIntervalSeconds);
        _sequences = _settings.TrackSequences ? [] : null;
    }

    /// <summary>Whether heartbeats and telemetry are recorded (off: the device only uploads what it has and takes acks).</summary>
    public bool Generating
    {
        get => _generating;
        set => _generating = value;
    }

    /// <summary>Sequence numbers recorded by this object (with <see cref="DeviceSettings.TrackSequences"/>), in order.</summary>
    public IReadOnlyList<long> RecordedSequences
    {
        get
        {
            if (_sequences is null)
            {
                return [];
            }

            lock (_sequences)
            {
                return [.. _sequences];
            }
        }
    }

    public string DeviceId => _package.DeviceId;

    public string FlashDirectory { get; }

    public IDeviceLink Link => _link;

    public DeviceSettings Settings => _settings;

    /// <summary>The running core (null while powered off).</summary>
    public DeviceRuntime? Runtime => _runtime;

    /// <summary>True when the package carries a device volume with a first bundle.</summary>
    public bool HasFirstBundle => _package.VolumeDirectory is not null;

    public bool IsProvisioned => Directory.Exists(FlashDirectory) && File.Exists(Path.Combine(FlashDirectory, StorageLayout.TrustRootFile));

    /// <summary>
    /// Factory provisioning: trust root from the package, then <paramref name="bundleContainer"/> installed,
    /// trial-booted and confirmed, as a production line would do once. Throws when the core refuses it.
    /// </summary>
    public void Provision(byte[] bundleContainer)
    {
        ArgumentNullException.ThrowIfNull(bundleContainer);
        Directory.CreateDirectory(FlashDirectory);
        var flash = new FileFlashStorage(FlashDirectory, _settings.FlashCapacityBytes);
        var trustRoot = _package.ReadTrustRoot();
        flash.Write(StorageLayout.TrustRootFile, 0, trustRoot, 0, trustRoot.Length);
        flash.Flush(StorageLayout.TrustRootFile);
        const string staged = "ota/bundle.esb";
        flash.Write(staged, 0, bundleContainer, 0, bundleContainer.Length);
        flash.Flush(staged);

        var first = DeviceRuntime.Boot(flash, _clock, Mac, _package.HardwareClass);
        var installed = first.Installer().InstallFromContainer(staged);
        if (!installed.IsAccepted)
        {
            throw new InvalidOperationException($"{DeviceId}: the bundle was refused: {installed}");
        }

        flash.Delete(staged);
        var trial = DeviceRuntime.Boot(new FileFlashStorage(FlashDirectory, _settings.FlashCapacityBytes), _clock, Mac, _package.HardwareClass);
        if (!trial.Decision.IsTrial)
        {
            throw new InvalidOperationException($"{DeviceId}: the installed bundle did not boot: {trial.Decision.Report}");
        }

        trial.Manager.Confirm();
    }

    /// <summary>
    /// Factory provisioning from a package that carries a device volume (a first bundle already placed in
    /// slot A and confirmed): the volume is copied onto the device's flash as the file deployment does on a
    /// board; the first <see cref="PowerOn"/> boots the bundle.
    /// </summary>
    public void DeployVolume()
    {
        var volume = _package.VolumeDirectory ?? throw new InvalidOperationException($"{DeviceId}: the provisioning package has no device volume (enrol with --bundle).");
        foreach (var file in Directory.EnumerateFiles(volume, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(FlashDirectory, Path.GetRelativePath(volume, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: false);
        }
    }

    /// <summary>Boots (or reboots) the device; <paramref name="powerCut"/> makes a later flash write fail as a power cut would.</summary>
    public void PowerOn(PowerCutPlan? powerCut = null)
    {
        _clock.Reboot();
        _clock.SetWallClock(DateTime.UtcNow, trusted: true);
        _clock.Skew(_skew);
        var flash = new FileFlashStorage(FlashDirectory, _settings.FlashCapacityBytes, powerCut);
        var runtime = DeviceRuntime.Boot(flash, _clock, Mac, _package.HardwareClass);
        _runtime = runtime;
        _rebootRequested = false;
        runtime.StartServices(_package.DeviceId, _eventKey, _package.KeyEpoch, _settings, _integrityInterval, _link);
        var head = runtime.Log.Journal.HeadSequence;
        Count(head); // the agent's boot-verification event
        var ota = _settings.Ota();
        runtime.StartUpdates(_package.DeviceId, _eventKey, ota, _link, new RebootRequest(this));
        runtime.SuperviseTrial(new SimulatedApplicationHealth(this), ota.HealthCheckTimeoutMilliseconds);
        CountRecordedSince(runtime, head); // what the update client settled (trial boot …)
        _nextHeartbeatMs = 0;
    }

    /// <summary>Starts the network link (connects in the background).</summary>
    public void Connect() => _link.Start();

    /// <summary>
    /// From now on every trial boot of this device fails its application health check (the simulator's
    /// "health-fail" fault): the trial supervisor rejects the trial and the device reboots into its previous bundle.
    /// </summary>
    public bool FailsHealthCheck
    {
        get => _healthFails;
        set => _healthFails = value;
    }

    /// <summary>The update client's persisted phase (idle while powered off).</summary>
    public Firmware.Core.Ota.OtaPhase OtaPhase => _runtime?.Updates?.Phase ?? Firmware.Core.Ota.OtaPhase.Idle;

    /// <summary>Queues a fault to run inside the next <see cref="Step"/>.</summary>
    public void Inject(Action<SimulatedDevice> fault) => _faults.Enqueue(fault);

    /// <summary>
    /// Runs the device for <paramref name="elapsed"/> of real time: acks in, faults, heartbeat and
    /// telemetry, integrity check when due, uploads. A simulated power cut reboots the device.
    /// </summary>
    public void Step(TimeSpan elapsed)
    {
        lock (_gate)
        {
            try
            {
                StepCore(elapsed);
            }
            catch (PowerLossException)
            {
                _powerCuts++;
                Reboot();
            }
        }
    }

    /// <summary>Reboots without a power cut plan (what happens after the power comes back).</summary>
    public void Reboot()
    {
        _reboots++;
        PowerOn();
    }

    /// <summary>Records an event now (a burst is many of these); returns its sequence, 0 when the full journal refused telemetry.</summary>
    public long RecordEvent(SecurityEvent securityEvent)
    {
        var runtime = _runtime ?? throw new InvalidOperationException($"{DeviceId} is powered off.");
        var sequence = runtime.Log.Record(securityEvent);
        Count(sequence);
        return sequence;
    }

    /// <summary>Records <paramref name="count"/> telemetry events now; returns how many the journal kept.</summary>
    public int RecordBurst(int count)
    {
        var runtime = _runtime ?? throw new InvalidOperationException($"{DeviceId} is powered off.");
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            kept += RecordEvent(Telemetry(runtime, _clock.UptimeMilliseconds)) > 0 ? 1 : 0;
        }

        return kept;
    }

    /// <summary>Runs the runtime integrity check now and records its result; returns the number of findings.</summary>
    public int CheckIntegrityNow()
    {
        var runtime = _runtime ?? throw new InvalidOperationException($"{DeviceId} is powered off.");
        return ReportFindings(runtime.Integrity.Check(_clock.UptimeMilliseconds), always: true);
    }

    /// <summary>Offsets the device's wall clock (it stays offset across reboots until cleared).</summary>
    public void SkewClock(TimeSpan skew)
    {
        var expected = _clock.UtcNow;
        _skew = skew;
        _clock.Skew(skew);
        RecordEvent(SecurityEvents.ClockJump(new DateTimeOffset(expected).ToUnixTimeMilliseconds(), new DateTimeOffset(_clock.UtcNow).ToUnixTimeMilliseconds(), "simulator"));
    }

    /// <summary>The device's figures; safe to call from any thread (waits for a running step).</summary>
    public DeviceStatistics Statistics()
    {
        lock (_gate)
        {
            return StatisticsCore();
        }
    }

    private DeviceStatistics StatisticsCore()
    {
        var journal = _runtime?.Log.Journal;
        return new DeviceStatistics(
            DeviceId,
            _generated,
            _refused,
            journal?.CountUnacknowledged() ?? 0,
            journal?.AcknowledgedThrough ?? 0,
            journal?.HeadSequence ?? 0,
            _reboots,
            _powerCuts,
            _findings,
            _link.IsConnected,
            _runtime?.Decision.Report.Outcome.ToString() ?? "off");
    }

    private void StepCore(TimeSpan elapsed)
    {
        var runtime = _runtime ?? throw new InvalidOperationException($"{DeviceId} is powered off: call PowerOn first.");
        _clock.Advance(elapsed);
        _link.DeliverPending();
        while (_faults.TryDequeue(out var fault))
        {
            fault(this);
            runtime = _runtime!;
        }

        var now = _clock.UptimeMilliseconds;
        if (now >= _nextHeartbeatMs)
        {
            _nextHeartbeatMs = now + (long)_heartbeatInterval.TotalMilliseconds;
            if (_generating)
            {
                Count(runtime.Log.RecordHeartbeat(GC.GetTotalMemory(false)));
            }
        }

        _eventCredit = _generating ? _eventCredit + (_settings.EventsPerSecond * elapsed.TotalSeconds) : 0;
        for (; _eventCredit >= 1; _eventCredit--)
        {
            RecordEvent(Telemetry(runtime, now));
        }

        ReportFindings(runtime.Integrity.Tick(now), always: false);
        var head = runtime.Log.Journal.HeadSequence;
        _link.ReportConnectionAttempts(runtime.Connections);
        CountRecordedSince(runtime, head); // connection and authentication failures the agent recorded
        runtime.Uploader.Poll();
        head = runtime.Log.Journal.HeadSequence;
        runtime.Trial?.Poll(now);
        runtime.Updates?.Poll();
        runtime.Attestation?.Poll(); // answers the host's posture challenge with the state of this moment
        CountRecordedSince(runtime, head); // the trial supervisor's and the update client's events
        if (_rebootRequested || runtime.Trial?.RebootRequired == true)
        {
            // The update client asked the platform to restart, or the supervisor rejected the trial: boot again on the same flash.
            Reboot();
        }
    }

    private void CountRecordedSince(DeviceRuntime runtime, long head)
    {
        for (var recorded = head + 1; recorded <= runtime.Log.Journal.HeadSequence; recorded++)
        {
            Count(recorded);
        }
    }

    /// <summary>The platform's restart as the update client sees it: the device reboots at the end of the step.</summary>
    private sealed class RebootRequest(SimulatedDevice device) : Firmware.Core.Platform.IRebooter
    {
        public void Reboot() => device._rebootRequested = true;
    }

    /// <summary>The application's part of a trial's health check: healthy unless the health-fail fault is set.</summary>
    private sealed class SimulatedApplicationHealth(SimulatedDevice device) : Firmware.Core.Agent.IHealthCheck
    {
        public string Reason => device._healthFails ? "simulated application fault (health-fail)" : "simulated application healthy";

        public Firmware.Core.Agent.HealthVerdict Evaluate(long uptimeMilliseconds) =>
            device._healthFails ? Firmware.Core.Agent.HealthVerdict.Unhealthy : Firmware.Core.Agent.HealthVerdict.Healthy;
    }

    private void Count(long sequence)
    {
        if (sequence <= 0)
        {
            _refused++;
            return;
        }

        _generated++;
        if (_sequences is not null)
        {
            lock (_sequences)
            {
                _sequences.Add(sequence);
            }
        }
    }

    private int ReportFindings(IntegrityFinding[] findings, bool always)
    {
        if (findings.Length == 0 && !always)
        {
            return 0;
        }

        _findings += findings.Length;
        var subject = findings.Length > 0 ? findings[0].Subject : "runtime";
        var reason = findings.Length > 0 ? findings[0].Detail + " (" + findings[0].FileName + ")" : "all components match";
        RecordEvent(SecurityEvents.IntegrityCheck(findings.Length > 0 ? 1 : 0, reason, subject, findings.Length));
        return findings.Length;
    }

    private static SecurityEvent Telemetry(DeviceRuntime runtime, long uptimeMs)
    {
        var journal = runtime.Log.Journal;
        return SecurityEvents.Heartbeat(-1, uptimeMs, journal.RecordCount, journal.UsedBytes, journal.CapacityBytes, journal.DroppedTelemetryTotal, journal.DroppedSecurityTotal, 0);
    }
}
