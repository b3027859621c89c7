using System.CommandLine;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Simulate;

/// <summary>`edgesec simulate`: run simulated devices (the real firmware core) against a broker and host.</summary>
public static class SimulateCommands
{
    public static Command Create(CliContext context)
    {
        var simulate = new Command("simulate", "Run a simulated fleet of devices (real firmware core) against the broker and host.");
        simulate.Subcommands.Add(SimulateRunCommand.Create(context));
        return simulate;
    }
}
