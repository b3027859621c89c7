using System.CommandLine;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Bundle;

public static class BundleCommands
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("bundle", "Create, sign, verify and inspect signed bundles.");
    }
}
