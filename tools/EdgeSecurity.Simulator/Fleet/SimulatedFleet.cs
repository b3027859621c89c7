using System.Diagnostics;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Faults;
using EdgeSecurity.Simulator.Provisioning;
using EdgeSecurity.Simulator.Transport;

namespace EdgeSecurity.Simulator.Fleet;

/// <summary>
/// Many simulated devices in one process. Each device is stepped by exactly one worker (the core is
/// single-threaded per device); faults are queued into the device and run inside its loop.
/// </summary>
public sealed class SimulatedFleet : IAsyncDisposable
{
    private readonly FleetOptions _options;
    private readonly List<SimulatedDevice> _devices;
    private readonly List<MqttDeviceTransport> _links;
    private readonly List<string> _faultLog = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = new();
    private readonly List<ScheduledFault> _pending = [];
    private Task[] _workers = [];

    private SimulatedFleet(FleetOptions options, List<SimulatedDevice> devices, List<MqttDeviceTransport> links, long memoryPerDevice)
    {
        _options = options;
        _devices = devices;
        _links = links;
        MemoryPerDeviceBytes = memoryPerDevice;
    }

    public IReadOnlyList<SimulatedDevice> Devices => _devices;

    /// <summary>Managed memory the fleet holds per device after start (flash is on disk, not in memory).</summary>
    public long MemoryPerDeviceBytes { get; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public SimulatedDevice this[string deviceId] =>
        _devices.Find(d => d.DeviceId == deviceId) ?? throw new ArgumentException($"No simulated device '{deviceId}' in this fleet.", nameof(deviceId));

    /// <summary>
    /// Loads the packages, provisions devices that need it (deploys the package's device volume with its
    /// first bundle, or installs <see cref="FleetOptions.Bundle"/>),
    /// powers them on and starts their links and loops.
    /// </summary>
    public static SimulatedFleet Start(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var packages = DevicePackage.LoadAll(options.PackagesDirectory);
        if (options.Devices > 0)
        {
            if (packages.Count < options.Devices)
            {
                throw new InvalidDataException($"{options.Devices} devices requested but only {packages.Count} provisioning packages are in '{options.PackagesDirectory}'.");
            }

            packages = [.. packages.Take(options.Devices)];
        }

        if (packages.Count == 0)
        {
            throw new InvalidDataException($"No provisioning packages in '{options.PackagesDirectory}'.");
        }

        RequireKnownDevices(options.Faults, packages);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var links = packages.Select(p => new MqttDeviceTransport(p, options.BrokerAddress, options.BrokerPort)).ToList();
        var devices = packages.Select((p, i) => new SimulatedDevice(p, Path.Combine(options.FlashDirectory, p.DeviceId), links[i], options.Device)).ToList();
        Parallel.ForEach(devices, device =>
        {
            if (!device.IsProvisioned && device.HasFirstBundle)
            {
                device.DeployVolume();
            }
            else if (!device.IsProvisioned)
            {
                device.Provision(options.Bundle ?? throw new InvalidDataException($"{device.DeviceId} is not provisioned yet: give a signed bundle (--bundle), or enrol it with a first bundle ('edgesec device enroll --bundle')."));
            }

            device.PowerOn();
        });
        var memoryPerDevice = (GC.GetTotalMemory(forceFullCollection: true) - before) / devices.Count;
        var fleet = new SimulatedFleet(options, devices, links, Math.Max(0, memoryPerDevice));
        foreach (var fault in options.Faults)
        {
            fleet.Schedule(fault);
        }

        fleet.Run();
        return fleet;
    }

    private static void RequireKnownDevices(IReadOnlyList<ScheduledFault> faults, IReadOnlyList<DevicePackage> packages)
    {
        var ids = packages.Select(p => p.DeviceId).ToHashSet(StringComparer.Ordinal);
        var unknown = faults.FirstOrDefault(f => f.DeviceId != "*" && !ids.Contains(f.DeviceId));
        if (unknown is not null)
        {
            var sample = string.Join(", ", packages.Take(3).Select(p => p.DeviceId)) + (packages.Count > 3 ? ", …" : string.Empty);
            throw new FaultSpecException($"No simulated device '{unknown.DeviceId}' among the {packages.Count} this run starts ({sample}); give one of them or '*'.");
        }
    }

    /// <summary>Schedules <paramref name="fault"/> (its time counts from the fleet's start).</summary>
    public void Schedule(ScheduledFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var targets = fault.DeviceId == "*" ? _devices.Select(d => fault with { DeviceId = d.DeviceId }) : [fault with { DeviceId = this[fault.DeviceId].DeviceId }];
        lock (_pending)
        {
            _pending.AddRange(targets);
        }
    }

    /// <summary>Queues <paramref name="fault"/> into one device now.</summary>
    public void Inject(string deviceId, string description, Action<SimulatedDevice> fault) =>
        Schedule(new ScheduledFault(deviceId, TimeSpan.Zero, description, fault));

    /// <summary>Stops (or resumes) heartbeats and telemetry on every device; uploads and acks go on.</summary>
    public void SetGenerating(bool generating)
    {
        foreach (var device in _devices)
        {
            device.Generating = generating;
        }
    }

    /// <summary>Waits until every device is connected to the broker.</summary>
    public Task<bool> WaitUntilConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(s => s.All(d => d.Connected), timeout, cancellationToken);

    /// <summary>Waits until the host acknowledged every record of every device.</summary>
    public Task<bool> WaitUntilDrainedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitUntilAsync(s => s.All(d => d.Unacknowledged == 0), timeout, cancellationToken);

    public async Task<bool> WaitUntilAsync(Func<IReadOnlyList<DeviceStatistics>, bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (condition(Statistics()))
            {
                return true;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return condition(Statistics());
    }

    /// <summary>Each device's figures (read under that device's lock, so not one instant for the whole fleet).</summary>
    public IReadOnlyList<DeviceStatistics> Statistics() => [.. _devices.Select(d => d.Statistics())];

    public FleetSummary Summary()
    {
        List<string> faults;
        lock (_faultLog)
        {
            faults = [.. _faultLog];
        }

        return FleetSummary.Of(Statistics(), _clock.Elapsed.TotalSeconds, MemoryPerDeviceBytes, faults);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).ConfigureAwait(false);
        await Task.WhenAll(_links.Select(l => l.DisposeAsync().AsTask())).ConfigureAwait(false);
        _stop.Dispose();
    }

    private void Run()
    {
        foreach (var link in _links)
        {
            link.Start();
        }

        _clock.Start();
        var workers = Math.Clamp(_options.Workers, 1, _devices.Count);
        _workers = [.. Enumerable.Range(0, workers).Select(w => Task.Factory.StartNew(
            () => WorkerLoopAsync(w, workers, _stop.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap())];
    }

    private async Task WorkerLoopAsync(int worker, int workers, CancellationToken cancellationToken)
    {
        var mine = _devices.Where((_, i) => i % workers == worker).ToArray();
        var last = new TimeSpan[mine.Length];
        while (!cancellationToken.IsCancellationRequested)
        {
            for (var i = 0; i < mine.Length; i++)
            {
                var device = mine[i];
                var now = _clock.Elapsed;
                QueueDueFaults(device, now);
                device.Step(now - last[i]);

                last[i] = now;
            }

            try
            {
                await Task.Delay(_options.StepInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void QueueDueFaults(SimulatedDevice device, TimeSpan now)
    {
        lock (_pending)
        {
            for (var i = _pending.Count - 1; i >= 0; i--)
            {
                var fault = _pending[i];
                if (fault.At > now || fault.DeviceId != device.DeviceId)
                {
                    continue;
                }

                device.Inject(fault.Fault);
                lock (_faultLog)
                {
                    _faultLog.Add($"{now.TotalSeconds:F1}s {device.DeviceId}: {fault.Description}");
                }

                _pending.RemoveAt(i);
            }
        }
    }
}
