using System.CommandLine;
using EdgeSecurity.Cli.Commands.Pki;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;

namespace EdgeSecurity.Cli.Commands.Device;

internal static class DeviceEnrollCommand
{
    public static Command Create()
    {
        var id = new Argument<string?>("device-id") { Description = "Id of the device to enrol (omit with --count/--prefix).", Arity = ArgumentArity.ZeroOrOne };
        var dir = FleetCommandRunner.PkiDirectoryOption();
        var count = new Option<int?>("--count") { Description = "Enrol a batch of this many devices (with --prefix)." };
        var prefix = new Option<string?>("--prefix") { Description = "Id prefix of a batch: ids are <prefix>0001, <prefix>0002, …" };
        var start = new Option<int>("--start") { Description = "First number of a batch.", DefaultValueFactory = _ => 1 };
        var brokerHost = new Option<string>("--broker-host") { Description = "Broker host name or IP the devices connect to (must be in the broker certificate).", Required = true };
        var brokerPort = new Option<int>("--broker-port") { Description = "Broker TLS port.", DefaultValueFactory = _ => 8883 };
        var trustRoot = new Option<string>("--trust-root") { Description = "Trust root file made by the signing tools; copied into each package.", Required = true };
        var hardwareClass = new Option<string>("--hardware-class") { Description = "Hardware class the device's bundles must be built for.", DefaultValueFactory = _ => "esp32" };
        var output = new Option<string?>("--out") { Description = "Directory for the provisioning packages (default: packages/ in --dir)." };
        var validity = new Option<int>("--validity-days") { Description = "Device certificate validity (never beyond the CA's).", DefaultValueFactory = _ => 3650 };
        var heartbeat = new Option<int>("--heartbeat-interval") { Description = "Device heartbeat interval in seconds.", DefaultValueFactory = _ => 60 };
        var integrity = new Option<int>("--integrity-interval") { Description = "Runtime integrity check interval in seconds.", DefaultValueFactory = _ => 3600 };
        var bundle = new Option<string?>("--bundle") { Description = "Signed bundle (.esb) placed in slot A of each package's device volume (volume/) as the confirmed first bundle; verified like a device would, refused with the reason otherwise.", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Re-enrol existing ids (their current certificate is revoked) and replace their packages." };
        var json = FleetCommandRunner.JsonOption();
        var command = new Command("enroll", "Issue device certificates and event keys and write provisioning packages.")
        {
            id, dir, count, prefix, start, brokerHost, brokerPort, trustRoot, hardwareClass, output, validity, heartbeat, integrity, bundle, force, json,
        };
        command.SetAction(parseResult => FleetCommandRunner.Run(parseResult, () =>
        {
            var ids = ResolveIds(parseResult.GetValue(id), parseResult.GetValue(count), parseResult.GetValue(prefix), parseResult.GetValue(start));
            var error = parseResult.InvocationConfiguration.Error;
            int done = 0;
            // Progress goes to stderr so that --json output stays parseable.
            var progress = new SynchronousProgress<EnrolledDevice>(device =>
            {
                done++;
                if (ids.Count > 1 && (done % 10 == 0 || done == ids.Count))
                {
                    error.WriteLine($"enrolled {done}/{ids.Count}");
                }
            });
            var enrolled = DeviceEnrollment.Enroll(
                new EnrollmentOptions
                {
                    PkiDirectory = parseResult.GetValue(dir)!,
                    DeviceIds = ids,
                    BrokerHost = parseResult.GetValue(brokerHost)!,
                    BrokerPort = parseResult.GetValue(brokerPort),
                    TrustRootPath = parseResult.GetValue(trustRoot)!,
                    HardwareClass = parseResult.GetValue(hardwareClass)!,
                    OutputDirectory = parseResult.GetValue(output),
                    ValidityDays = parseResult.GetValue(validity),
                    HeartbeatIntervalSeconds = parseResult.GetValue(heartbeat),
                    IntegrityCheckIntervalSeconds = parseResult.GetValue(integrity),
                    Force = parseResult.GetValue(force),
                    FirstBundlePath = parseResult.GetValue(bundle),
                },
                progress);
            if (parseResult.GetValue(json))
            {
                FleetCommandRunner.WriteJson(parseResult, enrolled);
            }
            else
            {
                foreach (var device in enrolled)
                {
                    FleetCommandRunner.WriteLine(parseResult, $"{device.DeviceId}: {(device.Replaced ? "re-enrolled" : "enrolled")}, serial {device.SerialNumber}, package {device.PackageDirectory}");
                }
            }

            return FleetCommandRunner.Success;
        }));
        return command;
    }

    private static IReadOnlyList<string> ResolveIds(string? id, int? count, string? prefix, int start)
    {
        if (id is not null)
        {
            if (count is not null || prefix is not null)
            {
                throw new UsageException("Give either a device id or --count with --prefix, not both.");
            }

            try
            {
                DeviceId.Validate(id);
            }
            catch (PkiException e)
            {
                throw new UsageException(e.Message, e);
            }

            return [id];
        }

        if (count is null || prefix is null)
        {
            throw new UsageException("Give a device id, or --count N with --prefix P for a batch.");
        }

        try
        {
            return DeviceId.Batch(prefix, count.Value, start);
        }
        catch (PkiException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    // Progress<T> posts to the thread pool; a command line wants the report before the next line.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
