using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Pki.Provisioning;

namespace EdgeSecurity.Pki.Tests;

public sealed class TopicsAndConfigurationTests
{
    [Fact]
    public void Topic_helpers_follow_the_documented_layout()
    {
        Assert.Equal("es/v1/d/dev-1/evt", DeviceTopics.For("dev-1", DeviceTopics.Events));
        Assert.Equal("es/v1/d/+/evt", DeviceTopics.AllDevices(DeviceTopics.Events));
        Assert.Equal("$share/edgesec-host/es/v1/d/+/ota/report", DeviceTopics.SharedAllDevices(DeviceTopics.DefaultShareGroup, DeviceTopics.OtaReport));
        Assert.Empty(DeviceTopics.DeviceToHost.Intersect(DeviceTopics.HostToDevice));
    }

    [Theory]
    [InlineData("es/v1/d/dev-1/cmd", "evt")]
    [InlineData("es/v1/d/dev-1/x/evt", "evt")]
    [InlineData("es/v1/d//evt", "evt")]
    [InlineData("es/v2/d/dev-1/evt", "evt")]
    [InlineData("evt", "evt")]
    public void Topics_that_are_not_a_device_topic_of_that_leaf_yield_no_device_id(string topic, string leaf)
    {
        Assert.False(DeviceTopics.TryGetDeviceId(topic, leaf, out string id));
        Assert.Equal("", id);
    }

    [Fact]
    public void Agent_configuration_round_trips_through_its_text_form()
    {
        var configuration = new AgentConfiguration { DeviceId = "dev-1", HardwareClass = "esp32", BrokerHost = "10.0.0.5", BrokerPort = 18883, HeartbeatIntervalSeconds = 30 };

        var parsed = AgentConfiguration.Parse(configuration.ToText());

        Assert.Equal(configuration.ToEntries().ToDictionary(e => e.Key, e => e.Value), parsed);
        Assert.Equal("30", parsed["heartbeat_interval_s"]);
    }

    [Theory]
    [InlineData("no-equals-sign\n")]
    [InlineData("=value\n")]
    [InlineData("a=1\na=2\n")]
    public void Malformed_agent_configuration_is_rejected(string text)
    {
        Assert.Throws<FormatException>(() => AgentConfiguration.Parse(text));
    }
}
