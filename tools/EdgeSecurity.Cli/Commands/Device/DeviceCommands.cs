using System.CommandLine;

namespace EdgeSecurity.Cli.Commands.Device;

/// <summary>`edgesec device …`: enrolment, revocation and listing of fleet devices.</summary>
public static class DeviceCommands
{
    public static Command Create()
    {
        var command = new Command("device", "Enrol, revoke and list fleet devices.");
        command.Subcommands.Add(DeviceEnrollCommand.Create());
        command.Subcommands.Add(DeviceRevokeCommand.Create());
        command.Subcommands.Add(DeviceListCommand.Create());
        return command;
    }
}
