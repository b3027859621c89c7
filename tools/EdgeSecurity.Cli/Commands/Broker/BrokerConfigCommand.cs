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
        var json = FleetCommandRunner.JsonOption();
        var command = new Command("config", "Write a mosquitto configuration (mutual TLS, ACL, CRL) for the fleet PKI.") { dir, output, port, address, json };
        command.SetAction(parseResult => FleetCommandRunner.Run(parseResult, () =>
        {
            int listenPort = parseResult.GetValue(port);
            if (listenPort is < 1 or > 65535)
            {
                throw new UsageException($"--port {listenPort} is not a port (1 to 65535).");
            }

            var files = BrokerConfigurationWriter.Write(
                new BrokerOptions
                {
                    PkiDirectory = parseResult.GetValue(dir)!,
                    DataDirectory = parseResult.GetValue(output)!,
                    ListenAddress = parseResult.GetValue(address)!,
                    Port = listenPort,
                },
                listenPort);
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
