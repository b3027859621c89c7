using System.CommandLine;
using EdgeSecurity.Cli.Commands.Pki;
using EdgeSecurity.Pki.Registry;

namespace EdgeSecurity.Cli.Commands.Device;

internal static class DeviceListCommand
{
    public static Command Create()
    {
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var json = FleetCommandRunner.JsonOption();
        var command = new Command("list", "List enrolled devices and their status.") { dir, json };
        command.SetAction(parseResult => FleetCommandRunner.Run(parseResult, () =>
        {
            var registry = FleetRegistryFile.Load(parseResult.GetValue(dir)!);
            var devices = registry.Devices.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
            if (parseResult.GetValue(json))
            {
                FleetCommandRunner.WriteJson(parseResult, devices);
                return FleetCommandRunner.Success;
            }

            foreach (var device in devices)
            {
                FleetCommandRunner.WriteLine(parseResult, $"{device.Id,-32} {device.Status.ToString().ToLowerInvariant(),-8} {device.HardwareClass,-16} serial {device.SerialNumber} until {device.NotAfter:yyyy-MM-dd}");
            }

            FleetCommandRunner.WriteLine(parseResult, $"{devices.Count} device(s), {devices.Count(d => d.Status == DeviceStatus.Revoked)} revoked.");
            return FleetCommandRunner.Success;
        }));
        return command;
    }
}
