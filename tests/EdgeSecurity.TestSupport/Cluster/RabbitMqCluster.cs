using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Pki;
using EdgeSecurity.TestSupport.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.TestSupport.Cluster;

/// <summary>
/// A RabbitMQ cluster of real rabbitmq-server processes on this machine, configured by
/// <see cref="RabbitMqConfigurationWriter"/> from a fleet PKI: distinct node names, ports and data directories,
/// one Erlang cookie, one in-process <see cref="BrokerAuthServer"/> all nodes ask. Nodes can be killed
/// (SIGKILL, as a crashed machine) and started again.
/// </summary>
public sealed class RabbitMqCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly string _root;
    private readonly string _home;
    private readonly RabbitMqConfigurationFiles _files;
    private readonly Process?[] _processes;
    private readonly int[] _distributionPorts;
    private readonly BrokerAuthServer _auth;
    private readonly MachineWideLock _gate;

    private RabbitMqCluster(string root, PkiLayout pki, int nodeCount, MachineWideLock gate)
    {
        _gate = gate;
        _root = root;
        _home = Path.Combine(root, "home");
        Directory.CreateDirectory(_home);
        // One cookie for the cluster and its rabbitmqctl calls; random, so no other cluster on the machine can join.
        string cookie = Path.Combine(_home, ".erlang.cookie");
        EdgeSecurity.Pki.Storage.SecureFiles.WriteSecret(cookie, Guid.NewGuid().ToString("N").ToUpperInvariant());
        string prefix = "es" + Guid.NewGuid().ToString("N")[..6];
        int authPort = FreePort();
        Nodes = Enumerable.Range(1, nodeCount).Select(i => new RabbitMqNode($"{prefix}n{i}@localhost", FreePort(), FreePort(), authPort)).ToList();
        _distributionPorts = Nodes.Select(_ => FreePort()).ToArray();
        _processes = new Process?[nodeCount];
        _files = RabbitMqConfigurationWriter.Write(new RabbitMqClusterOptions
        {
            PkiDirectory = pki.Root,
            OutputDirectory = Path.Combine(root, "config"),
            Nodes = Nodes,
            MqttListenAddress = "127.0.0.1",
            AuthCacheTtl = TimeSpan.FromSeconds(2),
        });
        Watcher = new FleetRegistryWatcher(pki, TimeSpan.FromMilliseconds(200));
        _auth = new BrokerAuthServer(new BrokerAccessPolicy(Watcher.Current), "127.0.0.1", authPort, NullLogger.Instance);
        CaCertificate = pki.CaCertificate;
    }

    public IReadOnlyList<RabbitMqNode> Nodes { get; }

    public string CaCertificate { get; }

    public FleetRegistryWatcher Watcher { get; }

    public BrokerAuthServer Authorizer => _auth;

    /// <summary>The MQTT listener of node <paramref name="index"/> as an address for command line peers.</summary>
    public IMqttBrokerAddress Mqtt(int index) => new MqttBrokerAddress(Nodes[index].MqttPort, CaCertificate);

    /// <summary>Every node's AMQP endpoint, host:port.</summary>
    public IReadOnlyList<string> AmqpEndpoints => Nodes.Select(n => $"127.0.0.1:{n.AmqpPort}").ToList();

    /// <summary>Starts every node, waits for the cluster to form, then imports the generated definitions.</summary>
    public static async Task<RabbitMqCluster> StartAsync(PkiLayout pki, int nodeCount = 3, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(pki);
        root ??= Path.Combine(Path.GetTempPath(), "edgesec-rabbitmq-" + Guid.NewGuid().ToString("N"));
        // One cluster on the machine at a time (the ports below are picked free, then bound later).
        var gate = await MachineWideLock.AcquireAsync("rabbitmq-cluster", TimeSpan.FromMinutes(20)).ConfigureAwait(false);
        RabbitMqCluster cluster;
        try
        {
            cluster = new RabbitMqCluster(root, pki, nodeCount, gate);
        }
        catch
        {
            gate.Dispose();
            throw;
        }

        try
        {
            cluster._auth.Start();
            // One node at a time. RabbitMQ 3.10's MQTT plugin tracks client ids in a Raft cluster of its own,
            // which a node forms alone when it finds no peer and joins when it finds one; nodes booting in
            // parallel can form it badly (the plugin says so), and a node left outside a majority answers every
            // CONNECT with CONNACK 3 for good. A node opens its MQTT listener only after its tracker started, so
            // waiting for the listener before launching the next node gives each one a tracker to join.
            for (int i = 0; i < nodeCount; i++)
            {
                cluster.Launch(i);
                await cluster.WaitForNodeAsync(i).ConfigureAwait(false);
            }

            await cluster.WaitForMembersAsync(nodeCount).ConfigureAwait(false);
            await cluster.WaitForClientIdTrackerAsync().ConfigureAwait(false);
            await cluster.CtlAsync(0, "import_definitions", cluster._files.Definitions).ConfigureAwait(false);
            await cluster.WaitForQueuesAsync().ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Kills node <paramref name="index"/> at once (SIGKILL to the Erlang VM): no clean shutdown, no goodbye to peers.</summary>
    public async Task KillAsync(int index)
    {
        var process = _processes[index] ?? throw new InvalidOperationException($"Node {index} is not running.");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().ConfigureAwait(false);
        process.Dispose();
        _processes[index] = null;
    }

    /// <summary>Starts a killed node again with its data directory; it rejoins the cluster.</summary>
    public async Task RestartAsync(int index)
    {
        Launch(index);
        await WaitForNodeAsync(index).ConfigureAwait(false);
    }

    /// <summary>Runs rabbitmqctl against node <paramref name="index"/>; returns its standard output, throws on failure.</summary>
    public async Task<string> CtlAsync(int index, params string[] arguments)
    {
        var start = new ProcessStartInfo(Tool("rabbitmqctl")) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["HOME"] = _home;
        // The CLI offers the commands of the enabled plugins (list_mqtt_connections) when it reads the same list.
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = _files.EnabledPlugins;
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(Nodes[index].Name);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(StartTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        return process.ExitCode == 0
            ? await output.ConfigureAwait(false)
            : throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
    }

    /// <summary>Messages ready plus unacknowledged in a queue of the EdgeSecurity virtual host, asked of node <paramref name="index"/>.</summary>
    public async Task<long> QueueDepthAsync(int index, string queue)
    {
        string output = await CtlAsync(index, "list_queues", "-p", RabbitMqTopology.VirtualHost, "--no-table-headers", "--quiet", "name", "messages").ConfigureAwait(false);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split('\t');
            if (fields.Length == 2 && fields[0] == queue)
            {
                return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"Queue '{queue}' is not listed by node {index}.");
    }

    /// <summary>
    /// The process id of node <paramref name="index"/>'s Erlang VM, from the pid file the node writes once it runs.
    /// The process this class started is rabbitmq-server's shell wrapper, which keeps the VM as its child, so its
    /// own id (and memory) is not the node's.
    /// </summary>
    public int VirtualMachineProcessId(int index)
    {
        _ = _processes[index] ?? throw new InvalidOperationException($"Node {index} is not running.");
        string pidFile = Path.Combine(_root, Nodes[index].ShortName, "pid");
        return int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Resident memory of node <paramref name="index"/>'s Erlang VM in bytes (from /proc).</summary>
    public long ResidentBytes(int index)
    {
        using var process = Process.GetProcessById(VirtualMachineProcessId(index));
        return process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = 0; i < _processes.Length; i++)
        {
            if (_processes[i] is { } process)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
                process.Dispose();
                _processes[i] = null;
            }
        }

        await _auth.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A node's last log write can race the delete; the directory is under the temp directory.
        }
    }

    private void Launch(int index)
    {
        var node = Nodes[index];
        string data = Path.Combine(_root, node.ShortName);
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo(Tool("rabbitmq-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = _home;
        start.Environment["RABBITMQ_NODENAME"] = node.Name;
        start.Environment["RABBITMQ_CONFIG_FILE"] = _files.NodeConfigs[index];
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = _files.EnabledPlugins;
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(data, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(data, "log");
        start.Environment["RABBITMQ_PID_FILE"] = Path.Combine(data, "pid");
        start.Environment["RABBITMQ_DIST_PORT"] = _distributionPorts[index].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        // Drain the console so the node never blocks on a full pipe; its log is in the data directory.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[index] = process;
    }

    private async Task WaitForNodeAsync(int index)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_processes[index] is { HasExited: true })
            {
                throw new InvalidOperationException($"RabbitMQ node {Nodes[index].Name} exited during start-up; see its log under {_root}.");
            }

            // The MQTT listener opens once the node (and its plugins) started.
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, Nodes[index].MqttPort).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitForMembersAsync(int count)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            string status = await CtlAsync(0, "eval", "length(rabbit_nodes:all_running()).").ConfigureAwait(false);
            if (int.TryParse(status.Trim(), out int running) && running >= count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The cluster did not form: {status.Trim()} of {count} nodes running.");
            }

            await Task.Delay(500).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until every node's MQTT client-id tracker counts every node as a member and names one leader, the
    /// state in which every node takes MQTT connections; a cluster that does not get there is reported with
    /// each node's view rather than met later as refused connections.
    /// </summary>
    private async Task WaitForClientIdTrackerAsync()
    {
        const string members = "case ra:members({mqtt_node, node()}) of {ok, M, {_, L}} -> {length(M), L}; Other -> Other end.";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var views = new List<string>();
            for (int i = 0; i < Nodes.Count; i++)
            {
                views.Add((await CtlAsync(i, "eval", members).ConfigureAwait(false)).Trim());
            }

            string expected = "{" + Nodes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",";
            if (views.All(v => v.StartsWith(expected, StringComparison.Ordinal)) && views.Distinct().Count() == 1)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The MQTT client-id tracker did not form over the {Nodes.Count} nodes (members, leader per node): {string.Join(" | ", views)}.");
            }

            await Task.Delay(500).ConfigureAwait(false);
        }
    }

    private async Task WaitForQueuesAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            string output = await CtlAsync(0, "list_queues", "-p", RabbitMqTopology.VirtualHost, "--no-table-headers", "--quiet", "name").ConfigureAwait(false);
            if (RabbitMqTopology.HostQueues.All(q => output.Contains(q.Queue, StringComparison.Ordinal)))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The definitions import created no host queues.");
            }

            await Task.Delay(250).ConfigureAwait(false);
        }
    }

    private static string Tool(string name)
    {
        string? directory = Environment.GetEnvironmentVariable("EDGESEC_RABBITMQ_BIN");
        foreach (string? candidate in new[] { directory, "/usr/lib/rabbitmq/bin" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(Path.Combine(candidate, name)))
            {
                return Path.Combine(candidate, name);
            }
        }

        throw new InvalidOperationException($"{name} not found: install rabbitmq-server (scripts/install-deps.sh) or set EDGESEC_RABBITMQ_BIN to its bin directory.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
