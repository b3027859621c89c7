using System.CommandLine;
using System.Globalization;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Faults;
using EdgeSecurity.Simulator.Fleet;

namespace EdgeSecurity.Cli.Commands.Simulate;

internal static class SimulateRunCommand
{
    public static Command Create(CliContext context)
    {
        var fleet = new Option<DirectoryInfo>("--fleet") { Description = "Directory for the simulated devices' flash (created; devices stay provisioned between runs).", Required = true, HelpName = "DIR" };
        var pki = new Option<DirectoryInfo>("--pki") { Description = "Fleet PKI directory ('edgesec pki init'); packages are read from its packages/ folder unless --packages is given.", Required = true, HelpName = "DIR" };
        var packages = new Option<DirectoryInfo?>("--packages") { Description = "Directory of provisioning packages ('edgesec device enroll --out').", HelpName = "DIR" };
        var devices = new Option<int>("--devices") { Description = "How many devices to run (the first N packages by id); 0 = all.", DefaultValueFactory = _ => 0, HelpName = "N" };
        var duration = new Option<double>("--duration") { Description = "Seconds to run before draining.", DefaultValueFactory = _ => 30, HelpName = "S" };
        var bundle = new Option<FileInfo?>("--bundle") { Description = "Signed bundle (.esb) installed on devices not provisioned yet.", HelpName = "FILE" };
        var rate = new Option<double>("--rate") { Description = "Telemetry events per second per device on top of heartbeats.", DefaultValueFactory = _ => 0, HelpName = "N" };
        var heartbeat = new Option<double?>("--heartbeat") { Description = "Heartbeat interval in seconds (default: the package's heartbeat_interval_s).", HelpName = "S" };
        var burst = new Option<int>("--burst") { Description = "A burst of N events on every device a third into the run.", DefaultValueFactory = _ => 0, HelpName = "N" };
        var inject = new Option<string[]>("--inject") { Description = FaultSpec.Help, AllowMultipleArgumentsPerToken = false, HelpName = "SPEC" };
        var drain = new Option<double>("--drain") { Description = "Seconds to wait after the run for the host to acknowledge everything.", DefaultValueFactory = _ => 30, HelpName = "S" };
        var brokerAddress = new Option<string?>("--broker-address") { Description = "Connect to this address instead of the package's broker_host (certificate name still checked).", HelpName = "ADDR" };
        var brokerPort = new Option<int?>("--broker-port") { Description = "Connect to this port instead of the package's broker_port.", HelpName = "PORT" };
        var untilCampaign = new Option<long?>("--until-campaign")
        {
            Description = "End the run early once this OTA campaign has settled (no longer running, no device between offer and a final state); reads the host API like 'edgesec ota' (--url, --token-env).",
            HelpName = "ID",
        };
        var json = CommonOptions.Json();
        var command = new Command("run", "Run N simulated devices for a while, inject faults, and report events generated and acknowledged.")
        {
            fleet, pki, packages, devices, duration, bundle, rate, heartbeat, burst, inject, drain, brokerAddress, brokerPort, untilCampaign, json,
        };
        var api = new HostApiOptions();
        api.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => SimulationRun.RunAsync(
            context,
            new SimulationRequest(
                parseResult.GetValue(fleet)!.FullName,
                (parseResult.GetValue(packages) ?? new DirectoryInfo(Path.Combine(parseResult.GetValue(pki)!.FullName, "packages"))).FullName,
                parseResult.GetValue(devices),
                Seconds(parseResult.GetValue(duration), "--duration"),
                parseResult.GetValue(bundle),
                parseResult.GetValue(rate),
                parseResult.GetValue(heartbeat) is { } h ? Seconds(h, "--heartbeat") : null,
                parseResult.GetValue(burst),
                parseResult.GetValue(inject) ?? [],
                Seconds(parseResult.GetValue(drain), "--drain"),
                parseResult.GetValue(brokerAddress),
                parseResult.GetValue(brokerPort),
                parseResult.GetValue(json),
                parseResult.GetValue(untilCampaign) is { } campaignId ? new CampaignSettledWatch(api.Connect(parseResult, context), campaignId) : null),
            cancellationToken));
        return command;
    }

    private static TimeSpan Seconds(double value, string option) =>
        value >= 0 && double.IsFinite(value) ? TimeSpan.FromSeconds(value) : throw CliException.Usage($"{option} must be a non-negative number of seconds.");
}

internal sealed record SimulationRequest(
    string FleetDirectory,
    string PackagesDirectory,
    int Devices,
    TimeSpan Duration,
    FileInfo? Bundle,
    double Rate,
    TimeSpan? Heartbeat,
    int Burst,
    IReadOnlyList<string> Inject,
    TimeSpan Drain,
    string? BrokerAddress,
    int? BrokerPort,
    bool Json,
    CampaignSettledWatch? UntilCampaign = null);

internal static class SimulationRun
{
    public static async Task<int> RunAsync(CliContext context, SimulationRequest request, CancellationToken cancellationToken)
    {
        using var watch = request.UntilCampaign;
        var faults = request.Inject.Select(s => InjectOption.Parse(s, request.Duration)).ToList();
        if (request.Burst > 0)
        {
            faults.Add(FaultSpec.Burst("*", request.Duration / 3, request.Burst));
        }

        if (request.Bundle is { Exists: false })
        {
            throw CliException.Io($"Bundle not found: '{request.Bundle.FullName}'.");
        }

        SimulatedFleet simulated;
        try
        {
            simulated = SimulatedFleet.Start(new FleetOptions
            {
                PackagesDirectory = request.PackagesDirectory,
                FlashDirectory = request.FleetDirectory,
                Devices = request.Devices,
                Bundle = request.Bundle is null ? null : await File.ReadAllBytesAsync(request.Bundle.FullName, cancellationToken).ConfigureAwait(false),
                BrokerAddress = request.BrokerAddress,
                BrokerPort = request.BrokerPort,
                Device = new DeviceSettings { EventsPerSecond = request.Rate, HeartbeatInterval = request.Heartbeat },
                Faults = faults,
            });
        }
        catch (FaultSpecException e)
        {
            throw CliException.Usage("--inject: " + e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or AggregateException)
        {
            throw CliException.Failed("simulate: " + (e is AggregateException a ? a.InnerExceptions[0].Message : e.Message));
        }

        await using (simulated.ConfigureAwait(false))
        {
            var progress = request.Json ? TextWriter.Null : context.Error;
            await progress.WriteLineAsync($"simulate: {simulated.Devices.Count} device(s) running for {request.Duration.TotalSeconds:F0} s ({simulated.MemoryPerDeviceBytes / 1024} KiB managed memory per device)").ConfigureAwait(false);
            var cancelled = false;
            try
            {
                var end = DateTime.UtcNow + request.Duration;
                while (DateTime.UtcNow < end)
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(2, Math.Max(0.1, (end - DateTime.UtcNow).TotalSeconds))), cancellationToken).ConfigureAwait(false);
                    await progress.WriteLineAsync(ProgressLine(simulated.Summary())).ConfigureAwait(false);
                    if (watch?.SettledStatus() is { } settled)
                    {
                        await progress.WriteLineAsync($"simulate: campaign {watch.CampaignId} settled ({settled}); ending the run early").ConfigureAwait(false);
                        break;
                    }
                }

                simulated.SetGenerating(false);
                await progress.WriteLineAsync($"simulate: draining (up to {request.Drain.TotalSeconds:F0} s for the host to acknowledge everything)").ConfigureAwait(false);
                await simulated.WaitUntilDrainedAsync(request.Drain, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
            }

            var summary = simulated.Summary();
            if (request.Json)
            {
                JsonOutput.Write(context.Output, summary);
            }
            else
            {
                WriteSummary(context.Output, summary);
            }

            if (cancelled)
            {
                return ExitCodes.Failed;
            }

            if (summary.Unacknowledged > 0)
            {
                await context.Error.WriteLineAsync($"simulate: {summary.Unacknowledged} event(s) were not acknowledged by the host within the drain time.").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            return ExitCodes.Ok;
        }
    }

    private static string ProgressLine(FleetSummary s) => string.Create(
        CultureInfo.InvariantCulture,
        $"  {s.ElapsedSeconds,6:F1}s  connected {s.Connected}/{s.Devices}  generated {s.EventsGenerated}  acknowledged {s.EventsAcknowledged}  waiting {s.Unacknowledged}");

    private static void WriteSummary(TextWriter output, FleetSummary s)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"devices {s.Devices} (connected {s.Connected}), events generated {s.EventsGenerated}, acknowledged {s.EventsAcknowledged}, unacknowledged {s.Unacknowledged}, telemetry refused {s.TelemetryRefused}, {s.ElapsedSeconds:F1} s"));
        foreach (var fault in s.Faults)
        {
            output.WriteLine("fault: " + fault);
        }

        foreach (var d in s.PerDevice)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {d.DeviceId,-24} generated {d.EventsGenerated,7}  acked {d.EventsAcknowledged,7}  waiting {d.Unacknowledged,5}  reboots {d.Reboots}  power cuts {d.PowerCuts}  integrity findings {d.IntegrityFindings}  boot {d.BootOutcome}"));
        }
    }
}
