using System.CommandLine;
using System.Globalization;
using EdgeSecurity.Pki.Certificates;

namespace EdgeSecurity.Cli.Commands.Pki;

/// <summary>`edgesec pki renew-service broker|service` (docs/guide/pki.md, "Renewing certificates").</summary>
internal static class PkiRenewServiceCommand
{
    public static Command Create()
    {
        var role = new Argument<string>("role") { Description = "Which certificate: 'broker' (the broker's server certificate) or 'service' (the host service's client certificate)." };
        role.AcceptOnlyFromAmong("broker", "service");
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var validity = new Option<int>("--validity-days") { Description = "Validity of the new certificate (never beyond the CA's).", DefaultValueFactory = _ => 3650 };
        var json = FleetCommandRunner.JsonOption();
        var command = new Command("renew-service", "Re-issue the broker's or the host service's certificate from the fleet CA: new key pair, same names; the old files are replaced only once the new ones are complete.")
        {
            role, dir, validity, json,
        };
        command.SetAction(parseResult => FleetCommandRunner.Run(parseResult, () =>
        {
            var which = parseResult.GetValue(role) == "broker" ? ServiceRole.Broker : ServiceRole.Service;
            var result = ServiceCertificateRenewal.Renew(parseResult.GetValue(dir)!, which, parseResult.GetValue(validity));
            if (parseResult.GetValue(json))
            {
                FleetCommandRunner.WriteJson(parseResult, result);
                return FleetCommandRunner.Success;
            }

            string until = result.NotAfter.UtcDateTime.ToString("u", CultureInfo.InvariantCulture);
            FleetCommandRunner.WriteLine(parseResult, $"{result.Role} certificate renewed: CN {result.Subject}, serial {result.SerialNumber}, valid until {until}, new key pair ({result.CertificatePath}).");
            if (result.SubjectAlternativeNames.Count > 0)
            {
                FleetCommandRunner.WriteLine(parseResult, $"  names: {string.Join(", ", result.SubjectAlternativeNames)}");
            }

            FleetCommandRunner.WriteLine(parseResult, $"  previous certificate {result.PreviousSerialNumber} stays valid until {result.PreviousNotAfter.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)} (not revoked).");
            FleetCommandRunner.WriteLine(parseResult, which == ServiceRole.Broker
                ? "A running host or 'edgesec broker run' makes its broker present it within seconds (SIGHUP, no disconnect); send any other mosquitto using these files SIGHUP."
                : "A running host reconnects with it within seconds; restart a host whose PKI copy is elsewhere after copying service.crt and service.key to it.");
            return FleetCommandRunner.Success;
        }));
        return command;
    }
}
