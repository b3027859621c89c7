using System.CommandLine;
using EdgeSecurity.Broker;
using EdgeSecurity.Broker.Configuration;
using EdgeSecurity.Broker.Supervision;
using EdgeSecurity.Cli.Commands.Pki;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Pki;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Cli.Commands.Broker;

internal static class BrokerRunCommand
{
    public static Command Create()
    {
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var port = BrokerCommands.PortOption(BrokerOptions.DefaultPort);
        var address = BrokerCommands.AddressOption();
        var servicePort = BrokerCommands.ServicePortOption();
        var serviceAddress = BrokerCommands.ServiceAddressOption();
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory for the generated configuration and the broker's persistence (default: broker/ in --dir)." };
        var mosquitto = new Option<string?>("--mosquitto") { Description = "Path of the mosquitto binary (default: found on PATH or in /usr/sbin)." };
        var verbose = new Option<bool>("--verbose") { Description = "Also print mosquitto's connection log." };
        var command = new Command("run", "Run the fleet broker in the foreground, restarting it if it dies and when the CRL changes. Ctrl+C stops it.")
        {
            dir, port, address, servicePort, serviceAddress, dataDir, mosquitto, verbose,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            int listenPort = parseResult.GetValue(port);
            if (listenPort is < 0 or > 65535)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"error: --port {listenPort} is not a port (0 to 65535).");
                return FleetCommandRunner.UsageError;
            }

            int hostPort = parseResult.GetValue(servicePort);
            if (hostPort is < 0 or > 65535 || (hostPort == listenPort && hostPort != 0))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"error: --service-port {hostPort} must be a port (0 to 65535) other than --port.");
                return FleetCommandRunner.UsageError;
            }

            var error = parseResult.InvocationConfiguration.Error;
            var layout = new PkiLayout(parseResult.GetValue(dir)!);
            var options = new BrokerOptions
            {
                PkiDirectory = layout.Root,
                DataDirectory = parseResult.GetValue(dataDir) ?? Path.Combine(layout.Root, "broker"),
                ListenAddress = parseResult.GetValue(address)!,
                Port = listenPort,
                ServiceListenAddress = parseResult.GetValue(serviceAddress)!,
                ServicePort = hostPort,
            };
            var logger = new ConsoleBrokerLogger<MosquittoSupervisor>(error, parseResult.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
            await using var supervisor = new MosquittoSupervisor(options, new SupervisorSettings { MosquittoPath = parseResult.GetValue(mosquitto) }, logger);
            try
            {
                await supervisor.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is BrokerException or PkiException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine("error: " + e.Message);
                return FleetCommandRunner.Failed;
            }

            FleetCommandRunner.WriteLine(parseResult, $"Broker listening on {options.ListenAddress}:{supervisor.Port} for devices and {options.ServiceListenAddress}:{supervisor.ServicePort} for host instances (mutual TLS). Ctrl+C stops it.");
            await StopSignal.WaitAsync(cancellationToken);

            await supervisor.StopAsync(CancellationToken.None);
            return FleetCommandRunner.Success;
        });
        return command;
    }
}
