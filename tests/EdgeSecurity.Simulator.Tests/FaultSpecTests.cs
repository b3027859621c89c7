using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Faults;
using EdgeSecurity.Simulator.Provisioning;

namespace EdgeSecurity.Simulator.Tests;

public sealed class FaultSpecTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("broker-down:dev-1", "broker", 10)]
    [InlineData("broker-down:dev-1:3", "broker", 3)]
    [InlineData("host-down:dev-1", "host", 10)]
    [InlineData("host-down:dev-1:86400", "host", 86400)]
    [InlineData("host-down:dev-1:1", "host", 1)]
    public void Outage_specs_give_the_outage_and_its_length(string spec, string kind, int seconds)
    {
        var fault = FaultSpec.Parse(spec, Run);
        var link = new OfflineLink();
        fault.Fault(new SimulatedDevice(DevicePackage.Load(fixture.PackageDirectory), fixture.NewFlashDirectory(), link));

        Assert.Equal("dev-1", fault.DeviceId);
        Assert.Equal(TimeSpan.FromSeconds(30), fault.At);
        Assert.Equal([(kind, TimeSpan.FromSeconds(seconds))], link.Outages);
        Assert.Contains($"{seconds} s", fault.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broker-down:*@5", "*", 5)]
    [InlineData("host-down:dev-2:4@0", "dev-2", 0)]
    [InlineData("integrity:dev-1@12", "dev-1", 12)]
    public void At_seconds_sets_the_time_and_star_means_every_device(string spec, string device, int at)
    {
        var fault = FaultSpec.Parse(spec, Run);

        Assert.Equal(device, fault.DeviceId);
        Assert.Equal(TimeSpan.FromSeconds(at), fault.At);
    }

    [Theory]
    [InlineData("integrity:dev-1", "integrity violation")]
    [InlineData("powercut:dev-1", "flash write 5")]
    [InlineData("powercut:dev-1:9", "flash write 9")]
    [InlineData("tamper:dev-1:flip", "altered")]
    [InlineData("tamper:dev-1:delete", "deleted")]
    [InlineData("tamper:dev-1:replay", "written back")]
    [InlineData("skew:dev-1", "3600 s")]
    [InlineData("skew:dev-1:60", "60 s")]
    [InlineData("burst:dev-1", "burst of 100")]
    [InlineData("burst:dev-1:7", "burst of 7")]
    [InlineData("disconnect:dev-1", "connection dropped")]
    [InlineData("broker-down:dev-1", "broker unreachable for 10 s")]
    [InlineData("host-down:dev-1", "host silent for 10 s")]
    public void Every_kind_is_understood_with_its_default_or_argument(string spec, string description)
    {
        var fault = FaultSpec.Parse(spec, Run);

        Assert.Contains(description, fault.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broker-down:dev-1:0", "--inject 'broker-down:dev-1:0': SECONDS (the outage length) must be 1 to 86400, not 0.")]
    [InlineData("host-down:dev-1:86401", "--inject 'host-down:dev-1:86401': SECONDS (the outage length) must be 1 to 86400, not 86401.")]
    [InlineData("host-down:dev-1:-5", "--inject 'host-down:dev-1:-5': SECONDS (the outage length) must be a whole number, not '-5'.")]
    [InlineData("broker-down:dev-1:2.5", "--inject 'broker-down:dev-1:2.5': SECONDS (the outage length) must be a whole number, not '2.5'.")]
    [InlineData("broker-down:dev-1:", "--inject 'broker-down:dev-1:': SECONDS (the outage length) must be a whole number, not ''.")]
    [InlineData("broker-down:dev-1:5:6", "--inject 'broker-down:dev-1:5:6': expected KIND:DEVICE[:ARG][@SECONDS].")]
    [InlineData("broker-down", "--inject 'broker-down': expected KIND:DEVICE[:ARG][@SECONDS].")]
    [InlineData("host-down:", "--inject 'host-down:': expected KIND:DEVICE[:ARG][@SECONDS].")]
    [InlineData("host-down:dev-1@soon", "--inject 'host-down:dev-1@soon': @SECONDS must be a whole number, not 'soon'.")]
    [InlineData("host-down:dev-1@99999999999", "--inject 'host-down:dev-1@99999999999': @SECONDS must be at most 31536000 (a year), not 99999999999.")]
    [InlineData("skew:dev-1:99999999999999", "--inject 'skew:dev-1:99999999999999': SECONDS must be at most 31536000 (a year), not 99999999999999.")]
    [InlineData("tamper:dev-1:shred", "--inject 'tamper:dev-1:shred': tamper needs flip, delete or replay.")]
    [InlineData("powercut:dev-1:0", "powercut: WRITE counts from 1.")]
    [InlineData("burst:dev-1:many", "--inject 'burst:dev-1:many': COUNT must be a whole number, not 'many'.")]
    public void Bad_specs_are_refused_naming_the_problem(string spec, string message)
    {
        var error = Assert.Throws<FaultSpecException>(() => FaultSpec.Parse(spec, Run));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void An_unknown_kind_is_refused_with_the_list_of_kinds()
    {
        var error = Assert.Throws<FaultSpecException>(() => FaultSpec.Parse("network-down:dev-1", Run));

        Assert.StartsWith("--inject 'network-down:dev-1': unknown fault 'network-down'.", error.Message, StringComparison.Ordinal);
        Assert.Contains("broker-down[:SECONDS]", error.Message, StringComparison.Ordinal);
        Assert.Contains("host-down[:SECONDS]", error.Message, StringComparison.Ordinal);
    }
}
