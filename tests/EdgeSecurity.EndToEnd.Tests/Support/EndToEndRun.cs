using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Pki;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Fleet;
using EdgeSecurity.TestSupport.Cluster;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>One scenario's world: its own broker, host process, fresh database (SQLite or PostgreSQL) and simulated devices (fresh flash).</summary>
internal sealed class EndToEndRun : IAsyncDisposable
{
    /// <summary>Alert rules that mean the host saw the chain of a device lose, alter or repeat something.</summary>
    private static readonly string[] ChainAnomalyRules = ["chain-gap", "chain-break", "replay"];

    private readonly TestBroker? _broker;
    private readonly TcpLoadBalancer? _balancer;

    private EndToEndRun(EndToEndFleet fleet, string work, TestBroker? broker, int devicePort, HostProcess host, HostDatabase database)
    {
        Fleet = fleet;
        Work = work;
        _broker = broker;
        DevicePort = devicePort;
        Host = host;
        Hosts = [host];
        Database = database;
    }

    private EndToEndRun(EndToEndFleet fleet, string work, RabbitMqCluster cluster, TcpLoadBalancer balancer, IReadOnlyList<HostProcess> hosts, HostDatabase database)
        : this(fleet, work, null, balancer.Port, hosts[0], database)
    {
        Cluster = cluster;
        _balancer = balancer;
        Hosts = hosts;
    }

    /// <summary>Every host instance of the run (one, except on a cluster).</summary>
    public IReadOnlyList<HostProcess> Hosts { get; }

    /// <summary>The run's RabbitMQ cluster (runs started with <see cref="StartOnClusterAsync"/>).</summary>
    public RabbitMqCluster? Cluster { get; }

    public EndToEndFleet Fleet { get; }

    public string Work { get; }

    /// <summary>The run's own broker (not in a run on the host's embedded broker).</summary>
    public TestBroker Broker => _broker ?? throw new InvalidOperationException("This run uses the host's embedded broker.");

    /// <summary>Where devices connect.</summary>
    public int DevicePort { get; }

    public HostProcess Host { get; }

    /// <summary>What the host stored (read-only).</summary>
    public HostDatabase Database { get; }

    public SimulatedFleet? Devices { get; private set; }

    /// <param name="hostArguments">More host configuration for this scenario (--EdgeSecurity:...=...).</param>
    public static async Task<EndToEndRun> StartAsync(EndToEndFleet fleet, StoreUnderTest store, string name, IReadOnlyList<string>? hostArguments = null)
    {
        var work = fleet.NewWorkDirectory(name);
        var hostData = Path.Combine(work, "host");
        var database = await store.CreateAsync(hostData);
        var broker = await TestBroker.StartAsync(fleet.PkiDirectory, Path.Combine(work, "broker"));
        var host = new HostProcess(fleet.PkiDirectory, hostData, broker.ServicePort, database.HostArguments, hostArguments);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await host.DisposeAsync();
            await broker.DisposeAsync();
            throw;
        }

        return new EndToEndRun(fleet, work, broker, broker.Port, host, database);
    }

    /// <summary>
    /// A run on a 3-node RabbitMQ cluster configured from the fleet PKI: devices connect through a TCP load
    /// balancer over the nodes' MQTT listeners, <paramref name="hosts"/> host instances consume the cluster's
    /// queues (broker engine RabbitMq, every node as an endpoint) and store into one database.
    /// </summary>
    /// <param name="hostArguments">More host configuration for this scenario (--EdgeSecurity:...=...), given to every instance.</param>
    public static async Task<EndToEndRun> StartOnClusterAsync(EndToEndFleet fleet, StoreUnderTest store, string name, int hosts, IReadOnlyList<string>? hostArguments = null)
    {
        var work = fleet.NewWorkDirectory(name);
        var database = await store.CreateAsync(Path.Combine(work, "host-1"));
        var cluster = await RabbitMqCluster.StartAsync(new PkiLayout(fleet.PkiDirectory), nodeCount: 3, root: Path.Combine(work, "cluster"));
        var balancer = new TcpLoadBalancer(cluster.Nodes.Select(n => n.MqttPort).ToList());
        var started = new List<HostProcess>();
        try
        {
            for (int i = 1; i <= hosts; i++)
            {
                string[] engine =
                [
                    "--EdgeSecurity:Broker:Engine=RabbitMq",
                    $"--EdgeSecurity:Ingest:ClientId=edgesec-host-{i}",
                    .. cluster.AmqpEndpoints.Select((e, n) => $"--EdgeSecurity:Broker:RabbitMq:Endpoints:{n}={e}"),
                    .. hostArguments ?? [],
                ];
                var host = new HostProcess(fleet.PkiDirectory, Path.Combine(work, $"host-{i}"), 0, database.HostArguments, engine);
                started.Add(host);
                await host.StartAsync();
            }
        }
        catch
        {
            foreach (var host in started)
            {
                await host.DisposeAsync();
            }

            await balancer.DisposeAsync();
            await cluster.DisposeAsync();
            throw;
        }

        return new EndToEndRun(fleet, work, cluster, balancer, started, database);
    }

    /// <summary>A run whose broker is the host's embedded one, on a fixed device port (so a restarted host listens where the devices reconnect).</summary>
    public static async Task<EndToEndRun> StartWithEmbeddedBrokerAsync(EndToEndFleet fleet, StoreUnderTest store, string name)
    {
        var work = fleet.NewWorkDirectory(name);
        var hostData = Path.Combine(work, "host");
        var database = await store.CreateAsync(hostData);
        int devicePort = HostProcess.FreePort();
        var host = new HostProcess(fleet.PkiDirectory, hostData, devicePort, database.HostArguments, embeddedBroker: true);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return new EndToEndRun(fleet, work, null, devicePort, host, database);
    }

    /// <summary>Starts <paramref name="devices"/> simulated devices (dev-1…) and waits until they are connected.</summary>
    public async Task<SimulatedFleet> StartDevicesAsync(int devices, double eventsPerSecond = 0, Func<Firmware.Core.Journal.JournalOptions>? journal = null)
    {
        Devices = SimulatedFleet.Start(new FleetOptions
        {
            PackagesDirectory = Fleet.PackagesDirectory,
            FlashDirectory = Path.Combine(Work, "flash"),
            Devices = devices,
            Bundle = Fleet.Release.Bundle,
            BrokerAddress = "127.0.0.1",
            BrokerPort = DevicePort,
            Device = new DeviceSettings
            {
                EventsPerSecond = eventsPerSecond,
                TrackSequences = true,
                HeartbeatInterval = TimeSpan.FromSeconds(1),
                Uploader = () => new Firmware.Core.Upload.UploaderOptions { AckTimeoutMs = 3000 },
                Journal = journal ?? (() => new Firmware.Core.Journal.JournalOptions()),
            },
            StepInterval = TimeSpan.FromMilliseconds(20),
        });
        Assert.True(await Devices.WaitUntilConnectedAsync(TimeSpan.FromSeconds(60)), "devices did not connect:\n" + Host.Log);
        return Devices;
    }

    /// <summary>Stops generating and waits until the host acknowledged everything.</summary>
    public async Task DrainAsync(TimeSpan? timeout = null)
    {
        var fleet = Devices ?? throw new InvalidOperationException("No devices started.");
        fleet.SetGenerating(false);
        var drained = await fleet.WaitUntilDrainedAsync(timeout ?? TimeSpan.FromSeconds(60));
        if (!drained)
        {
            string health;
            try
            {
                health = await Host.Http.GetStringAsync(new Uri("/health", UriKind.Relative));
            }
            catch (HttpRequestException e)
            {
                health = e.Message;
            }

            Assert.Fail("not everything was acknowledged: "
                + string.Join(", ", fleet.Statistics().Select(s => $"{s.DeviceId} waiting {s.Unacknowledged} acked through {s.AcknowledgedThrough} head {s.HeadSequence} stored {Database.EventCount(s.DeviceId)} connected {s.Connected}"))
                + "\nhealth: " + health + "\nhost log:\n" + Tail(Host.Log));
        }
    }

    /// <summary>
    /// Asserts, per device, that the host stored every record whose recording returned (durable), each
    /// exactly once, and saw no chain anomaly: no gap, no broken MAC, no conflicting copy.
    /// </summary>
    public void AssertEveryRecordStoredOnce()
    {
        foreach (var device in Devices!.Devices)
        {
            var recorded = device.RecordedSequences;
            Assert.NotEmpty(recorded);
            var stored = Database.Sequences(device.DeviceId);
            AssertNothingStoredTwice(device.DeviceId, stored);
            var missing = recorded.Except(stored).ToList();
            Assert.True(missing.Count == 0, $"{device.DeviceId} on {Database.Provider}: {missing.Count} of {recorded.Count} recorded record(s) not stored: {string.Join(", ", missing.Take(10))}"
                + $" (records-dropped reports stored: {Database.RawRecords(device.DeviceId, EventTypes.RecordsDropped).Count}; a report means the outage outlasted the journal)");
            AssertNoChainAnomaly(device.DeviceId);
        }
    }

    /// <summary>
    /// For runs whose outages outlast the journal (64 KiB fills in about 20 s at 30 events/s): every record is
    /// stored once, except telemetry the device dropped from its full journal by design (docs/events.md, "When
    /// the journal is full") and reported in records-dropped events, which the host stored. The records
    /// missing lie inside the reported ranges, are no more than the reported number, and no security event
    /// was dropped.
    /// </summary>
    public void AssertEveryRecordStoredOnceOrReportedDropped()
    {
        foreach (var device in Devices!.Devices)
        {
            var stored = Database.Sequences(device.DeviceId);
            AssertNothingStoredTwice(device.DeviceId, stored);
            var reports = Database.RawRecords(device.DeviceId, EventTypes.RecordsDropped).Select(EventRecordCodec.Decode).ToList();
            long Field(EventRecord report, byte id) => report.FindField(id) is { } f ? (f.Kind == EventFieldKind.Int32 ? f.Int32Value : f.Int64Value) : 0;
            var droppedTelemetry = reports.Sum(r => Field(r, EventFieldIds.Journal.DroppedTelemetry));
            var droppedSecurity = reports.Sum(r => Field(r, EventFieldIds.Journal.DroppedSecurity));
            var missing = device.RecordedSequences.Except(stored).ToList();
            var unexplained = missing.Where(seq => !reports.Any(r => seq >= Field(r, EventFieldIds.Journal.FirstDroppedSequence) && seq <= Field(r, EventFieldIds.Journal.LastDroppedSequence))).ToList();
            Assert.True(unexplained.Count == 0, $"{device.DeviceId} on {Database.Provider}: {unexplained.Count} record(s) missing outside every reported drop: {string.Join(", ", unexplained.Take(10))}");
            Assert.True(droppedSecurity == 0, $"{device.DeviceId}: the device reported {droppedSecurity} dropped security event(s)");
            // At most what was reported: a dropped record may have reached the host before the ack that would
            // have freed it was lost with the host, so it is stored and dropped at once.
            Assert.True(missing.Count <= droppedTelemetry, $"{device.DeviceId} on {Database.Provider}: {missing.Count} record(s) missing, the device reported only {droppedTelemetry} telemetry record(s) dropped");
            AssertNoChainAnomaly(device.DeviceId, gapsMayBeExplained: true);
        }
    }

    private void AssertNothingStoredTwice(string deviceId, List<long> stored)
    {
        var doubled = stored.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(doubled.Count == 0, $"{deviceId} on {Database.Provider}: sequence(s) stored more than once: {string.Join(", ", doubled.Take(10))}");
    }

    /// <param name="gapsMayBeExplained">When the device dropped records, a batch can carry records after the hole before
    /// the device's records-dropped report of it: the host then raises a gap alert and resolves it when the report
    /// arrives (docs/alerts.md). Only such a resolved gap alert is allowed, never an open one.</param>
    private void AssertNoChainAnomaly(string deviceId, bool gapsMayBeExplained = false)
    {
        foreach (var rule in ChainAnomalyRules)
        {
            var count = gapsMayBeExplained && rule == "chain-gap"
                ? Database.AlertCountNotExplainedByDropReport(deviceId, rule)
                : Database.AlertCount(deviceId, rule);
            Assert.True(count == 0, $"{deviceId} on {Database.Provider}: unexpected '{rule}' alert\n{Tail(Host.Log)}");
        }
    }

    /// <summary>
    /// <see cref="AssertEveryRecordStoredOnce"/>, and nothing else reached the host: no record the device
    /// did not record (for runs without power cuts, where every record's recording returns).
    /// </summary>
    public void AssertStoredExactlyWhatWasRecorded()
    {
        AssertEveryRecordStoredOnce();
        foreach (var device in Devices!.Devices)
        {
            var extra = Database.Sequences(device.DeviceId).Except(device.RecordedSequences).ToList();
            Assert.True(extra.Count == 0, $"{device.DeviceId} on {Database.Provider}: stored record(s) the device never recorded: {string.Join(", ", extra.Take(10))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Devices is not null)
        {
            await Devices.DisposeAsync();
        }

        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }

    internal static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}
