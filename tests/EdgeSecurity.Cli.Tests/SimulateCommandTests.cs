using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("broker-down:dev-1:0", "--inject 'broker-down:dev-1:0': SECONDS (the outage length) must be 1 to 86400, not 0.")]
    [InlineData("host-down:dev-1:x", "--inject 'host-down:dev-1:x': SECONDS (the outage length) must be a whole number, not 'x'.")]
    [InlineData("brokerdown:dev-1", "--inject 'brokerdown:dev-1': unknown fault 'brokerdown'.")]
    public void A_bad_fault_spec_is_a_usage_error_naming_the_problem_before_anything_runs(string spec, string message)
    {
        var result = _cli.Expect(ExitCodes.Usage, "simulate", "run", "--fleet", "@fleet", "--pki", "@pki", "--inject", "integrity:*", "--inject", spec);

        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.Path("fleet")), "the simulator started although a fault spec was bad");
    }

    [Fact]
    public void A_fault_for_a_device_that_does_not_run_is_a_usage_error_before_any_device_is_provisioned()
    {
        using var release = new ReleaseSetup();
        var cli = release.Cli;
        cli.Ok("pki", "init", "--dir", "@pki", "--broker-name", "broker.test");
        cli.Ok("device", "enroll", "--count", "2", "--prefix", "dev-", "--dir", "@pki", "--broker-host", "broker.test", "--trust-root", "@root-v1.bin", "--hardware-class", ReleaseSetup.HardwareClass);
        var bundle = release.Bundle("app.esb", "rel1", "rel2");

        var result = cli.Expect(ExitCodes.Usage, "simulate", "run", "--fleet", "@fleet", "--pki", "@pki", "--bundle", "@" + bundle, "--duration", "1", "--inject", "integrity:dev-9");

        Assert.Matches(@"--inject: No simulated device 'dev-9' among the 2 this run starts \(dev-\d+, dev-\d+\); give one of them or '\*'\.", result.Error);
        Assert.False(Directory.Exists(cli.Path("fleet")), "a device was provisioned although a fault named a device that does not run");
    }

    [Fact]
    public void Help_lists_the_outage_faults_with_their_default_length()
    {
        var result = _cli.Ok("simulate", "run", "--help");

        Assert.Contains("broker-down[:SECONDS]", result.Output, StringComparison.Ordinal);
        Assert.Contains("host-down[:SECONDS]", result.Output, StringComparison.Ordinal);
        Assert.Contains("default 10 s", result.Output, StringComparison.Ordinal);
    }
}
