using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

/// <summary>`edgesec device renew`: the two steps of a renewal, their output, and refusals with exit codes.</summary>
public sealed class DeviceRenewCommandTests : IDisposable
{
    private readonly ReleaseSetup _release = new();

    public DeviceRenewCommandTests()
    {
        _release.Cli.Ok("pki", "init", "--dir", "@pki", "--broker-name", "broker.test");
        _release.Cli.Ok("device", "enroll", "dev-1", "--dir", "@pki", "--broker-host", "broker.test", "--trust-root", "@root-v1.bin", "--hardware-class", ReleaseSetup.HardwareClass, "--out", "@packages");
    }

    public void Dispose() => _release.Dispose();

    [Fact]
    [Trait("Requirement", "SR-ID-006")]
    public void Renewal_issues_then_completes_and_says_what_to_do_next()
    {
        var cli = _release.Cli;

        var issued = cli.Ok("device", "renew", "dev-1", "--dir", "@pki", "--out", "@renewed", "--validity-days", "90", "--json");
        using var document = JsonDocument.Parse(issued.Output);
        var serial = document.RootElement.GetProperty("serialNumber").GetString();
        Assert.NotEqual(document.RootElement.GetProperty("previousSerialNumber").GetString(), serial);
        Assert.True(File.Exists(cli.Path("renewed/device.crt")) && File.Exists(cli.Path("renewed/device.key")));

        var completed = cli.Ok("device", "renew", "dev-1", "--dir", "@pki", "--complete");
        Assert.Contains(serial!, completed.Output, StringComparison.Ordinal);
        Assert.Contains("revoked (superseded", completed.Output, StringComparison.Ordinal);
        Assert.Contains(serial!, File.ReadAllText(cli.Path("pki/devices.json")), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-ID-006")]
    public void Steps_out_of_order_or_an_ambiguous_command_line_are_refused_with_their_exit_codes()
    {
        var cli = _release.Cli;

        Assert.Contains("either --out", cli.Expect(ExitCodes.Usage, "device", "renew", "dev-1", "--dir", "@pki").Error, StringComparison.Ordinal);
        cli.Expect(ExitCodes.Usage, "device", "renew", "dev-1", "--dir", "@pki", "--out", "@r", "--complete");
        Assert.Contains("No renewed certificate", cli.Expect(ExitCodes.Failed, "device", "renew", "dev-1", "--dir", "@pki", "--complete").Error, StringComparison.Ordinal);
        Assert.Contains("not enrolled", cli.Expect(ExitCodes.Failed, "device", "renew", "dev-9", "--dir", "@pki", "--out", "@r9").Error, StringComparison.Ordinal);
        Assert.Contains("renew", cli.Run("device", "renew", "--help").Output, StringComparison.Ordinal);
    }
}
