using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Fleet;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>One scenario's world: its own broker, host process (SQLite) and simulated devices (fresh flash).</summary>
internal sealed class EndToEndRun : IAsyncDisposable
{
    private EndToEndRun(EndToEndFleet fleet, string work, TestBroker broker, HostProcess host)
    {
        Fleet = fleet;
        Work = work;
        Broker = broker;
        Host = host;
    }

    public EndToEndFleet Fleet { get; }

    public string Work { get; }

    public TestBroker Broker { get; }

    public HostProcess Host { get; }

    public SimulatedFleet? Devices { get; private set; }

    public static async Task<EndToEndRun> StartAsync(EndToEndFleet fleet, string name)
    {
        var work = fleet.NewWorkDirectory(name);
        var broker = await TestBroker.StartAsync(fleet.PkiDirectory, Path.Combine(work, "broker"));
        var host = new HostProcess(fleet.PkiDirectory, Path.Combine(work, "host"), broker.Port);
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

        return new EndToEndRun(fleet, work, broker, host);
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
            BrokerPort = Broker.Port,
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
                + string.Join(", ", fleet.Statistics().Select(s => $"{s.DeviceId} waiting {s.Unacknowledged} acked through {s.AcknowledgedThrough} head {s.HeadSequence} stored {HostDatabase.EventCount(Host.DatabasePath, s.DeviceId)} connected {s.Connected}"))
                + "\nhealth: " + health + "\nhost log:\n" + Tail(Host.Log));
        }
    }

    /// <summary>Asserts that the host stored every record each device recorded, each exactly once, with no chain anomaly.</summary>
    public void AssertEveryRecordStoredOnce()
    {
        foreach (var device in Devices!.Devices)
        {
            var recorded = device.RecordedSequences;
            Assert.NotEmpty(recorded);
            var stored = HostDatabase.Sequences(Host.DatabasePath, device.DeviceId);
            Assert.Equal(stored.Count, stored.Distinct().Count());
            var missing = recorded.Except(stored).ToList();
            Assert.True(missing.Count == 0, $"{device.DeviceId}: {missing.Count} recorded record(s) not stored, first {missing.FirstOrDefault()}");

            Assert.Equal(0, HostDatabase.AlertCount(Host.DatabasePath, device.DeviceId, "chain-gap"));
            Assert.Equal(0, HostDatabase.AlertCount(Host.DatabasePath, device.DeviceId, "chain-break"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Devices is not null)
        {
            await Devices.DisposeAsync();
        }

        await Host.DisposeAsync();
        await Broker.DisposeAsync();
    }

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}
