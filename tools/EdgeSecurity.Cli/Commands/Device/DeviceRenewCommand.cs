using System.CommandLine;
using System.Globalization;
using EdgeSecurity.Cli.Commands.Pki;
using EdgeSecurity.Pki.Provisioning;

namespace EdgeSecurity.Cli.Commands.Device;

/// <summary>`edgesec device renew ID --out DIR`, then `edgesec device renew ID --complete` (docs/guide/pki.md, "Renewing certificates").</summary>
internal static class DeviceRenewCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("device-id") { Description = "Id of the device whose certificate is renewed." };
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var output = new Option<string?>("--out") { Description = "Step 1: new or empty directory for the renewed certificate, its new private key and the CA certificate." };
        var complete = new Option<bool>("--complete") { Description = "Step 2, once the device uses the renewed certificate: put it in force and revoke the previous one." };
        var validity = new Option<int>("--validity-days") { Description = "Validity of the renewed certificate (never beyond the CA's).", DefaultValueFactory = _ => 3650 };
        var json = FleetCommandRunner.JsonOption();
        var command = new Command("renew", "Renew a device's certificate in two steps: issue a new one (new key, same identity and event key) while the current one stays valid, then --complete to revoke the previous one.")
        {
            id, dir, output, complete, validity, json,
        };
        command.SetAction(parseResult => FleetCommandRunner.Run(parseResult, () =>
        {
            string? outputDirectory = parseResult.GetValue(output);
            bool completing = parseResult.GetValue(complete);
            if (completing == (outputDirectory is not null))
            {
                throw new UsageException("Give either --out DIR (step 1: issue the renewed certificate) or --complete (step 2: revoke the previous one).");
            }

            var result = completing
                ? DeviceRenewal.Complete(parseResult.GetValue(dir)!, parseResult.GetValue(id)!)
                : DeviceRenewal.Issue(parseResult.GetValue(dir)!, parseResult.GetValue(id)!, outputDirectory!, parseResult.GetValue(validity));
            if (parseResult.GetValue(json))
            {
                FleetCommandRunner.WriteJson(parseResult, result);
            }
            else if (completing)
            {
                FleetCommandRunner.WriteLine(parseResult, $"{result.DeviceId}: certificate {result.SerialNumber} in force until {result.NotAfter.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}; previous certificate {result.PreviousSerialNumber} revoked (superseded, CRL #{result.CrlNumber}).");
                FleetCommandRunner.WriteLine(parseResult, "A running 'edgesec broker run' picks the new CRL up by itself; restart any other broker that uses it.");
            }
            else
            {
                FleetCommandRunner.WriteLine(parseResult, $"{result.DeviceId}: renewed certificate {result.SerialNumber} (valid until {result.NotAfter.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}) and its key written to {result.OutputDirectory}; certificate {result.PreviousSerialNumber} stays valid.");
                FleetCommandRunner.WriteLine(parseResult, $"Install device.crt and device.key on the device; once it has reconnected with them, run 'edgesec device renew {result.DeviceId} --complete'.");
            }

            return FleetCommandRunner.Success;
        }));
        return command;
    }
}
