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
    public void Help_lists_the_outage_faults_with_their_default_length()
    {
        var result = _cli.Ok("simulate", "run", "--help");

        Assert.Contains("broker-down[:SECONDS]", result.Output, StringComparison.Ordinal);
        Assert.Contains("host-down[:SECONDS]", result.Output, StringComparison.Ordinal);
        Assert.Contains("default 10 s", result.Output, StringComparison.Ordinal);
    }
}
