using System.CommandLine;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Root;

public static class TrustRootCommands
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("root", "Create, sign, rotate and verify the trust root.");
    }
}
