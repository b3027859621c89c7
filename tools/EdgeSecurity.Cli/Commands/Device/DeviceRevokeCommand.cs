using System.CommandLine;
using EdgeSecurity.Cli.Commands.Pki;
using EdgeSecurity.Pki.Registry;

namespace EdgeSecurity.Cli.Commands.Device;

internal static class DeviceRevokeCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("device-id") { Description = "Id of the device to revoke." };
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var reason = new Option<string>("--reason") { Description = "CRL reason: " + string.Join(", ", DeviceRevocation.ReasonNames) + ".", DefaultValueFactory = _ => "unspecified" };
        var json = FleetCommandRunner.JsonOption();
        var command = new Command("revoke", "Revoke a device: mark it revoked and re-issue the CRL (reload or restart the broker to apply it).")
        {
            id, dir, reason, json,
        };
        command.SetAction(parseResult => FleetCommandRunner.Run(parseResult, () =>
        {
            string reasonName = parseResult.GetValue(reason)!;
            if (!DeviceRevocation.ReasonNames.Contains(reasonName, StringComparer.OrdinalIgnoreCase))
            {
                throw new UsageException($"Unknown --reason '{reasonName}': use one of {string.Join(", ", DeviceRevocation.ReasonNames)}.");
            }

            var result = DeviceRevocation.Revoke(parseResult.GetValue(dir)!, parseResult.GetValue(id)!, DeviceRevocation.ParseReason(reasonName));
            if (parseResult.GetValue(json))
            {
                FleetCommandRunner.WriteJson(parseResult, result);
            }
            else
            {
                string state = result.AlreadyRevoked ? "was already revoked; CRL re-issued" : "revoked";
                FleetCommandRunner.WriteLine(parseResult, $"{result.DeviceId} {state} (serial {result.SerialNumber}, CRL #{result.CrlNumber} in {result.CrlPath}).");
                FleetCommandRunner.WriteLine(parseResult, "A running 'edgesec broker run' picks this up by itself; restart any other broker that uses this CRL.");
            }

            return FleetCommandRunner.Success;
        }));
        return command;
    }
}
