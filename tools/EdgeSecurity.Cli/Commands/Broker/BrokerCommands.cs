using System.CommandLine;

namespace EdgeSecurity.Cli.Commands.Broker;

/// <summary>`edgesec broker …`: the fleet's mosquitto broker, configured from the PKI.</summary>
public static class BrokerCommands
{
    public static Command Create()
    {
        var command = new Command("broker", "Configure and run the fleet MQTT broker (mosquitto) from the PKI.");
        command.Subcommands.Add(BrokerConfigCommand.Create());
        command.Subcommands.Add(BrokerRunCommand.Create());
        command.Subcommands.Add(BrokerRabbitMqCommands.Create());

        return command;
    }

    internal static Option<int> PortOption(int defaultPort) => new("--port")
    {
        Description = "TLS listener port (0 = any free port, run only).",
        DefaultValueFactory = _ => defaultPort,
    };

    internal static Option<int> ServicePortOption() => new("--service-port")
    {
        Description = "Port of the service listener, where host instances connect (0 = any free port, run only).",
        DefaultValueFactory = _ => global::EdgeSecurity.Broker.Configuration.BrokerOptions.DefaultServicePort,
    };

    internal static Option<string> ServiceAddressOption() =>
        AddressOption("--service-address", "Service listener IP address: only host instances may reach it (client ids there are not bound to certificates).");

    internal static Option<string> AddressOption() => AddressOption("--address", "Device listener IP address (0.0.0.0 to accept devices on the network).");

    private static Option<string> AddressOption(string name, string description)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            DefaultValueFactory = _ => "127.0.0.1",
        };
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (!System.Net.IPAddress.TryParse(value, out _))
            {
                result.AddError($"{name} '{value}' is not an IP address (for example 127.0.0.1 or 0.0.0.0).");
            }
        });
        return option;
    }
}
