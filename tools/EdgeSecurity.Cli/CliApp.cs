using System.CommandLine;
using EdgeSecurity.Cli.Commands.Analyst;
using EdgeSecurity.Cli.Commands.Broker;
using EdgeSecurity.Cli.Commands.Bundle;
using EdgeSecurity.Cli.Commands.Device;
using EdgeSecurity.Cli.Commands.Export;
using EdgeSecurity.Cli.Commands.Keys;
using EdgeSecurity.Cli.Commands.Ota;
using EdgeSecurity.Cli.Commands.Pki;
using EdgeSecurity.Cli.Commands.Programme;
using EdgeSecurity.Cli.Commands.Root;
using EdgeSecurity.Cli.Commands.Simulate;
using EdgeSecurity.Cli.Commands.Tokens;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli;

/// <summary>
/// The edgesec command tree, runnable in-process: <see cref="Run(string[], TextWriter, TextWriter)"/>
/// is what the executable calls and what tests call.
/// </summary>
public static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, new CliContext(stdout, stderr));

    public static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = CreateRootCommand(context);
        var parseResult = root.Parse(args);

        // --help short-circuits the parser's errors, so "edgesec ota upload --help" would print the root help
        // and exit 0; words that name no command are an error whatever else is on the line.
        var messages = ParseErrorMessages.Of(parseResult);
        if (messages.Count > 0)
        {
            foreach (var message in messages)
            {
                context.Error.WriteLine($"edgesec: {message}");
            }

            context.Error.WriteLine($"Run '{UsageHint(parseResult)} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parseResult.Invoke(new InvocationConfiguration
            {
                Output = context.Output,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e)
        {
            var (exitCode, message) = ErrorReport.Describe(e);
            context.Error.WriteLine($"edgesec: {message}");
            return exitCode;
        }
    }

    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand("edgesec: release keys, trust root, signed bundles, fleet PKI, device enrollment, the broker and OTA campaigns for EdgeSecurity fleets.");
        root.Subcommands.Add(KeysCommands.Create(context));
        root.Subcommands.Add(TrustRootCommands.Create(context));
        root.Subcommands.Add(BundleCommands.Create(context));
        root.Subcommands.Add(PkiCommands.Create());
        root.Subcommands.Add(DeviceCommands.Create(context));
        root.Subcommands.Add(BrokerCommands.Create());
        root.Subcommands.Add(SimulateCommands.Create(context));
        root.Subcommands.Add(OtaCommands.Create(context));
        root.Subcommands.Add(TokensCommands.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(EventsCommands.Create(context));
        root.Subcommands.Add(AlertsCommands.Create(context));
        root.Subcommands.Add(AdvisoriesCommands.Create(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        return root;
    }

    private static string UsageHint(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "edgesec" : result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
