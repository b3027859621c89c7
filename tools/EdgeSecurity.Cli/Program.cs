using System.CommandLine;
using EdgeSecurity.Cli.Commands.Broker;
using EdgeSecurity.Cli.Commands.Device;
using EdgeSecurity.Cli.Commands.Pki;

var root = new RootCommand("edgesec: keys, fleet PKI, bundles and devices for EdgeSecurity.")
{
    PkiCommands.Create(),
    DeviceCommands.Create(),
    BrokerCommands.Create(),
};
var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0 && parseResult.Action is System.CommandLine.Invocation.ParseErrorAction)
{
    foreach (var error in parseResult.Errors)
    {
        Console.Error.WriteLine("error: " + error.Message);
    }

    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}

return parseResult.Invoke();
