using System.CommandLine;
using System.Net;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Cli.Commands.Pki;

/// <summary>`edgesec pki …`: the fleet CA and the broker and host service certificates.</summary>
public static class PkiCommands
{
    public static Command Create()
    {
        var command = new Command("pki", "Fleet PKI: CA, broker server certificate, host service client certificate.");
        command.Subcommands.Add(CreateInit());
        command.Subcommands.Add(PkiRenewServiceCommand.Create());
        return command;
    }

    private static Command CreateInit()
    {
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var names = new Option<string[]>("--broker-name") { Description = "DNS name of the broker for its certificate (repeatable). Default: localhost, 127.0.0.1 and ::1." };
        var ips = new Option<string[]>("--broker-ip") { Description = "IP address of the broker for its certificate (repeatable)." };
        var validity = new Option<int>("--validity-days") { Description = "Validity of the CA and of the broker and service certificates.", DefaultValueFactory = _ => 3650 };
        var identity = new Option<string>("--service-identity") { Description = "MQTT identity (certificate CN) of the host service.", DefaultValueFactory = _ => FleetPki.DefaultServiceIdentity };
        var force = new Option<bool>("--force") { Description = "Replace an existing PKI in --dir (all enrolled devices must then be re-enrolled)." };
        var json = FleetCommandRunner.JsonOption();
        var command = new Command("init", "Create a fleet PKI: CA, broker and host service certificates, empty device registry and CRL.")
        {
            dir, names, ips, validity, identity, force, json,
        };
        command.SetAction(parseResult => FleetCommandRunner.Run(parseResult, () =>
        {
            var addresses = (parseResult.GetValue(ips) ?? []).Select(ParseAddress).ToList();
            var result = FleetPki.Initialize(new PkiInitOptions
            {
                Directory = parseResult.GetValue(dir)!,
                BrokerNames = parseResult.GetValue(names) ?? [],
                BrokerAddresses = addresses,
                ValidityDays = parseResult.GetValue(validity),
                ServiceIdentity = parseResult.GetValue(identity)!,
                Force = parseResult.GetValue(force),
            });
            if (parseResult.GetValue(json))
            {
                FleetCommandRunner.WriteJson(parseResult, result);
            }
            else
            {
                FleetCommandRunner.WriteLine(parseResult, $"Fleet PKI created in {result.Directory}");
                FleetCommandRunner.WriteLine(parseResult, $"  CA: {result.CaSubject} (SHA-256 {result.CaThumbprint}), valid until {result.CaNotAfter:yyyy-MM-dd}");
                FleetCommandRunner.WriteLine(parseResult, $"  broker certificate for: {string.Join(", ", result.BrokerSubjectAlternativeNames)}");
                FleetCommandRunner.WriteLine(parseResult, $"  host service identity: {result.ServiceIdentity}");
                FleetCommandRunner.WriteLine(parseResult, "Keep ca.key offline-safe: whoever holds it can enrol devices. Next: 'edgesec device enroll'.");
            }

            return FleetCommandRunner.Success;
        }));
        return command;
    }

    private static IPAddress ParseAddress(string text) =>
        IPAddress.TryParse(text, out var address)
            ? address
            : throw new UsageException($"--broker-ip '{text}' is not an IP address (use --broker-name for DNS names).");
}
