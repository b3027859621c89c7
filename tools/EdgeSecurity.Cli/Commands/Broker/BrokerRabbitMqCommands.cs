using System.CommandLine;
using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Cli.Commands.Pki;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Pki;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Cli.Commands.Broker;

/// <summary>`edgesec broker rabbitmq …`: the clustered broker engine (docs/host.md "Clustered broker").</summary>
internal static class BrokerRabbitMqCommands
{
    public static Command Create()
    {
        var command = new Command("rabbitmq", "Configure a RabbitMQ cluster for the fleet and run its broker authorizer.");
        command.Subcommands.Add(Config());
        command.Subcommands.Add(Authorizer());
        return command;
    }

    private static Command Config()
    {
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var output = new Option<string>("--out") { Description = "Directory for each node's .conf, enabled_plugins and definitions.json.", Required = true };
        var nodes = new Option<string[]>("--node")
        {
            Description = "A node as name@host (repeat for each node; three or more for replicated queues).",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var mqttAddress = new Option<string>("--mqtt-address") { Description = "Address of the device listener (MQTT over TLS, port 8883).", DefaultValueFactory = _ => "0.0.0.0" };
        var amqpAddress = new Option<string>("--amqp-address") { Description = "Address of the AMQP over TLS listener (port 5671) host instances use: keep it off the device network.", DefaultValueFactory = _ => "127.0.0.1" };
        var json = FleetCommandRunner.JsonOption();
        var command = new Command("config", "Write the RabbitMQ configuration (mutual TLS, certificate logins, the authorizer, quorum queues) for the fleet PKI.") { dir, output, nodes, mqttAddress, amqpAddress, json };
        command.SetAction(parseResult => FleetCommandRunner.Run(parseResult, () =>
        {
            RabbitMqConfigurationFiles files;
            try
            {
                files = RabbitMqConfigurationWriter.Write(new RabbitMqClusterOptions
                {
                    PkiDirectory = parseResult.GetValue(dir)!,
                    OutputDirectory = parseResult.GetValue(output)!,
                    Nodes = parseResult.GetValue(nodes)!.Select(n => new RabbitMqNode(n)).ToList(),
                    MqttListenAddress = parseResult.GetValue(mqttAddress)!,
                    AmqpListenAddress = parseResult.GetValue(amqpAddress)!,
                });
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            if (parseResult.GetValue(json))
            {
                FleetCommandRunner.WriteJson(parseResult, files);
            }
            else
            {
                FleetCommandRunner.WriteLine(parseResult, $"Wrote {string.Join(", ", files.NodeConfigs)}, {files.EnabledPlugins} and {files.Definitions}.");
                FleetCommandRunner.WriteLine(parseResult, "On each node: RABBITMQ_CONFIG_FILE=<its .conf> RABBITMQ_ENABLED_PLUGINS_FILE=" + files.EnabledPlugins + " rabbitmq-server, with 'edgesec broker rabbitmq authorizer' beside it.");
                FleetCommandRunner.WriteLine(parseResult, "Once the nodes formed the cluster: rabbitmqctl import_definitions " + files.Definitions);
            }

            return FleetCommandRunner.Success;
        }));
        return command;
    }

    private static Command Authorizer()
    {
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var port = new Option<int>("--port") { Description = "Loopback port the node's auth backend asks (auth_http.*_path).", DefaultValueFactory = _ => RabbitMqNode.DefaultAuthPort };
        var command = new Command("authorizer", "Answer the RabbitMQ node's access questions from the fleet registry (runs beside each node, on loopback). Ctrl+C stops it.") { dir, port };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            int listenPort = parseResult.GetValue(port);
            if (listenPort is < 1 or > 65535)
            {
                error.WriteLine($"error: --port {listenPort} is not a port (1 to 65535).");
                return FleetCommandRunner.UsageError;
            }

            var pki = new PkiLayout(Path.GetFullPath(parseResult.GetValue(dir)!));
            var watcher = new FleetRegistryWatcher(pki, TimeSpan.FromSeconds(1));
            try
            {
                watcher.Current();
            }
            catch (Exception e) when (e is PkiException or IOException)
            {
                error.WriteLine("error: " + e.Message);
                return FleetCommandRunner.Failed;
            }

            var logger = new ConsoleBrokerLogger<BrokerAuthServer>(error, LogLevel.Information);
            watcher.ReadFailed += (_, e) => error.WriteLine("warning: the fleet registry could not be re-read; the previous reading stays in force: " + e.Message);
            await using var server = new BrokerAuthServer(new BrokerAccessPolicy(watcher.Current), "127.0.0.1", listenPort, logger);
            try
            {
                server.Start();
            }
            catch (System.Net.HttpListenerException e)
            {
                error.WriteLine($"error: cannot listen on 127.0.0.1:{listenPort}: {e.Message}");
                return FleetCommandRunner.Failed;
            }

            FleetCommandRunner.WriteLine(parseResult, $"Broker authorizer on http://127.0.0.1:{listenPort}/auth/ for the fleet in {pki.Root}. Ctrl+C stops it.");
            await StopSignal.WaitAsync(cancellationToken);

            return FleetCommandRunner.Success;
        });
        return command;
    }
}
