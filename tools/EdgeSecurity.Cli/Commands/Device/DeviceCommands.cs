using System.CommandLine;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Device;

/// <summary>`edgesec device …`: enrolment, revocation, listing and tags of fleet devices.</summary>
public static class DeviceCommands
{
    public static Command Create(CliContext context)
    {
        var command = new Command("device", "Enrol, renew, revoke, list and tag fleet devices; read their posture from the host.");
        command.Subcommands.Add(DeviceEnrollCommand.Create());
        command.Subcommands.Add(DeviceRevokeCommand.Create());
        command.Subcommands.Add(DeviceRenewCommand.Create());
        command.Subcommands.Add(DeviceListCommand.Create());
        command.Subcommands.Add(DeviceTagCommand.Create(context));
        command.Subcommands.Add(DevicePostureCommand.Create(context));
        return command;
    }
}
