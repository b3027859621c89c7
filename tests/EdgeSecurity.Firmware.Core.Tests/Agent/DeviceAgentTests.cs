using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Tests.Upload;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Agent;

public sealed class DeviceAgentTests : IDisposable
{
    private const string EventTopic = "es/v1/d/dev-1/evt";
    private const string AckTopic = "es/v1/d/dev-1/ack";
    private readonly TestRelease _release = new();
    private readonly TestDevice _device;
    private readonly byte[] _eventKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public DeviceAgentTests()
    {
        _device = new TestDevice(_release);
        _device.Provision(_release.Bundle(1, counter: 1, seed: 7));
    }

    public void Dispose() => _device.Dispose();

    private (DeviceAgent Agent, FakeTransport Transport) StartAgent(ContainmentState onViolation = ContainmentState.ReportOnly)
    {
        var agent = DeviceAgent.Boot(_device.PowerOn(), _device.Clock, new HmacSha256MacPrimitive(), TestRelease.HardwareClass);
        var transport = new FakeTransport();
        var settings = new AgentSettings { OnIntegrityViolation = onViolation, HeartbeatIntervalMilliseconds = 1000 };
        agent.StartServices("dev-1", _eventKey, settings, transport, EventTopic, AckTopic);
        return (agent, transport);
    }

    private static List<ushort> PublishedTypes(FakeTransport transport) =>
        transport.Published.SelectMany(p => EventBatchCodec.Decode(p.Payload).Entries).Select(e => e.Record.EventType).ToList();

    [Fact]
    [Trait("Requirement", "SR-BOOT-001")]
    public void Boots_the_verified_slot_and_reports_the_boot_and_a_heartbeat()
    {
        var (agent, transport) = StartAgent();
        Assert.True(agent.Decision.MayRunApplication, agent.Decision.Report.ToString());

        agent.Poll();

        var types = PublishedTypes(transport);
        Assert.Equal(EventTypes.BootVerification, types[0]);
        Assert.Contains(EventTypes.Heartbeat, types);
        Assert.All(transport.Published, p => Assert.Equal(EventTopic, p.Topic));
    }

    [Fact]
    [Trait("Requirement", "SR-INT-001")]
    public void A_tampered_component_is_reported_and_containment_is_entered()
    {
        var (agent, transport) = StartAgent(ContainmentState.Contained);
        var component = agent.Decision.Slot == BootSlot.A ? "slots/a/c0.bin" : "slots/b/c0.bin";
        agent.Flash.Write(component, 0, [0xFF], 0, 1);
        agent.Flash.Flush(component);

        var findings = agent.CheckIntegrityNow();
        agent.Poll();

        Assert.NotEmpty(findings);
        var types = PublishedTypes(transport);
        Assert.Contains(EventTypes.IntegrityCheck, types);
        Assert.Contains(EventTypes.ContainmentEntered, types);
        Assert.Equal(ContainmentState.Contained, agent.Integrity.Containment);
    }

    [Fact]
    public void Services_are_unavailable_before_they_are_started()
    {
        var agent = DeviceAgent.Boot(_device.PowerOn(), _device.Clock, new HmacSha256MacPrimitive(), TestRelease.HardwareClass);
        var error = Assert.Throws<InvalidOperationException>(() => agent.Log);
        Assert.Contains("StartServices", error.Message, StringComparison.Ordinal);
    }
}
