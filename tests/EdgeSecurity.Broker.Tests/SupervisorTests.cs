using System.Diagnostics;
using EdgeSecurity.Broker.Supervision;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.TestSupport;
using EdgeSecurity.TestSupport.Mqtt;

namespace EdgeSecurity.Broker.Tests;

[Collection(BrokerCollection.Name)]
public sealed class SupervisorTests(BrokerFixture broker)
{
    [Fact]
    [Trait("Requirement", "SR-BRK-007")]
    public async Task A_killed_broker_is_restarted_on_the_same_port()
    {
        int port = broker.Port;
        int pid = broker.Supervisor.ProcessId!.Value;
        var restarted = new TaskCompletionSource<BrokerRestartedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRestarted(object? sender, BrokerRestartedEventArgs e) => restarted.TrySetResult(e);
        broker.Supervisor.Restarted += OnRestarted;
        try
        {
            using (var mosquitto = Process.GetProcessById(pid))
            {
                mosquitto.Kill();
            }

            var restart = await restarted.Task.WaitAsync(MosquittoClients.Timeout);
            Assert.Equal(BrokerRestartReason.Crashed, restart.Reason);
            Assert.NotNull(restart.PreviousExitCode);
        }
        finally
        {
            broker.Supervisor.Restarted -= OnRestarted;
        }

        Assert.Equal(port, broker.Port);
        Assert.NotEqual(pid, broker.Supervisor.ProcessId);
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker, broker.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), "after-restart"));
    }

    [Fact]
    public async Task Stopping_the_supervisor_stops_mosquitto_and_frees_the_port()
    {
        var supervisor = new MosquittoSupervisor(
            new Configuration.BrokerOptions { PkiDirectory = broker.Pki.Root, DataDirectory = Path.Combine(broker.Root, "stop-test"), Port = 0, ServicePort = 0 });
        await supervisor.StartAsync();
        using var mosquitto = Process.GetProcessById(supervisor.ProcessId!.Value);

        await supervisor.DisposeAsync();

        Assert.True(mosquitto.HasExited);
        Assert.Null(supervisor.ProcessId);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, supervisor.Port);
        listener.Start();
    }

    [Fact]
    public async Task A_missing_mosquitto_binary_fails_with_install_instructions()
    {
        await using var supervisor = new MosquittoSupervisor(
            new Configuration.BrokerOptions { PkiDirectory = broker.Pki.Root, DataDirectory = Path.Combine(broker.Root, "unused"), Port = 0, ServicePort = 0 },
            new SupervisorSettings { MosquittoPath = "/nonexistent/mosquitto" });

        var error = await Assert.ThrowsAsync<BrokerException>(() => supervisor.StartAsync());

        Assert.Contains("apt-get install mosquitto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_that_cannot_start_reports_mosquittos_reason()
    {
        // The port is taken by the running broker, so this second one cannot bind.
        await using var supervisor = new MosquittoSupervisor(
            new Configuration.BrokerOptions { PkiDirectory = broker.Pki.Root, DataDirectory = Path.Combine(broker.Root, "second"), Port = broker.Port, ServicePort = 0 },
            new SupervisorSettings { StartTimeout = TimeSpan.FromSeconds(5) });

        var error = await Assert.ThrowsAsync<BrokerException>(() => supervisor.StartAsync());

        Assert.Contains("mosquitto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-012")]
    public async Task A_broker_orphaned_by_a_dead_supervisor_is_stopped_and_replaced_on_the_same_ports()
    {
        // What a SIGKILLed supervisor leaves: mosquitto running with the directory's configuration.
        var options = new Configuration.BrokerOptions { PkiDirectory = broker.Pki.Root, DataDirectory = Path.Combine(broker.Root, "orphan-" + Guid.NewGuid().ToString("N")[..8]), Port = FreePort(), ServicePort = FreePort() };
        var files = Configuration.BrokerConfigurationWriter.Write(options, options.Port, options.ServicePort);
        using var orphan = Process.Start(MosquittoExecutable.Locate(), ["-c", files.ConfigPath]);
        var orphanAddress = new MqttBrokerAddress(options.Port, broker.CaCertificate);
        Assert.True(await WaitUntilAsync(async () => await MosquittoClients.PublishAsync(orphanAddress, broker.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), "to-orphan") == 0), "the orphan did not start");

        await using var supervisor = new MosquittoSupervisor(options);
        await supervisor.StartAsync();

        Assert.True(orphan.HasExited);
        Assert.NotEqual(orphan.Id, supervisor.ProcessId);
        Assert.Equal(0, await MosquittoClients.PublishAsync(orphanAddress, broker.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), "to-successor"));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-012")]
    public async Task A_second_supervisor_of_a_running_brokers_directory_is_refused_and_leaves_it_running()
    {
        var options = new Configuration.BrokerOptions { PkiDirectory = broker.Pki.Root, DataDirectory = Path.Combine(broker.Root, "shared-" + Guid.NewGuid().ToString("N")[..8]), Port = 0, ServicePort = 0 };
        await using var first = new MosquittoSupervisor(options);
        await first.StartAsync();
        int pid = first.ProcessId!.Value;

        await using var second = new MosquittoSupervisor(options);
        var error = await Assert.ThrowsAsync<BrokerException>(() => second.StartAsync());

        Assert.Contains("Another supervisor", error.Message, StringComparison.Ordinal);
        Assert.Equal(pid, first.ProcessId);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<bool> WaitUntilAsync(Func<Task<bool>> condition) =>
        Eventually.WithinAsync(TimeSpan.FromSeconds(5), condition, TimeSpan.FromMilliseconds(100));
}
