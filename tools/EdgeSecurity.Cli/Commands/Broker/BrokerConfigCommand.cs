using System.CommandLine;
using EdgeSecurity.Broker.Configuration;
using EdgeSecurity.Cli.Commands.Pki;

namespace EdgeSecurity.Cli.Commands.Broker;

internal static class BrokerConfigCommand
{
    public static Command Create()
    {
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var output = new Option<string>("--out") { Description = "Directory for mosquitto.conf, the ACL file and the broker's persistence.", Required = true };
        var port = BrokerCommands.PortOption(BrokerOptions.DefaultPort);
        var address = BrokerCommands.AddressOption();
        var servicePort = BrokerCommands.ServicePortOption();
        var serviceAddress = BrokerCommands.ServiceAddressOption();
        var json = FleetCommandRunner.JsonOption();
        var command = new Command("config", "Write a mosquitto configuration (mutual TLS, ACL, CRL) for the fleet PKI.") { dir, output, port, address, servicePort, serviceAddress, json };
        command.SetAction(parseResult => FleetCommandRunner.Run(parseResult, () =>
        {
            int listenPort = parseResult.GetValue(port);
            if (listenPort is < 1 or > 65535)
            {
                throw new UsageException($"--port {listenPort} is not a port (1 to 65535).");
            }

            int hostPort = parseResult.GetValue(servicePort);
            if (hostPort is < 1 or > 65535 || hostPort == listenPort)
            {
                throw new UsageException($"--service-port {hostPort} must be a port (1 to 65535) other than --port.");
            }

            var files = BrokerConfigurationWriter.Write(
                new BrokerOptions
                {
                    PkiDirectory = parseResult.GetValue(dir)!,
                    DataDirectory = parseResult.GetValue(output)!,
                    ListenAddress = parseResult.GetValue(address)!,
                    Port = listenPort,
                    ServiceListenAddress = parseResult.GetValue(serviceAddress)!,
                    ServicePort = hostPort,
                },
                listenPort,
                hostPort);
            if (parseResult.GetValue(json))
            {
                FleetCommandRunner.WriteJson(parseResult, files);
            }
            else
            {
                FleetCommandRunner.WriteLine(parseResult, $"Wrote {files.ConfigPath} and {files.AclPath}.");
                FleetCommandRunner.WriteLine(parseResult, $"Run it with: mosquitto -c {files.ConfigPath}   (or 'edgesec broker run', which also restarts it and applies revocations)");
            }

            return FleetCommandRunner.Success;
        }));
        return command;
    }
}
