using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Tests.Upload;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Agent;

/// <summary>
/// Handing the application to the loader (docs/boot.md, "loading the application"): all assemblies checked
/// in RAM, or none; a component changed on flash after the boot check is recorded and contained, and the
/// agent keeps running. Previously the reader returned null and the ESP32 program called Assembly.Load(null).
/// </summary>
public sealed class ApplicationLoadTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private static readonly TestBundle V1 = Release.Bundle(1, 1, seed: 31);
    private readonly TestDevice _device = new(Release);
    private readonly byte[] _eventKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public ApplicationLoadTests() => _device.Provision(V1);

    public void Dispose() => _device.Dispose();

    private (DeviceAgent Agent, FakeTransport Transport) Start(ContainmentState onViolation)
    {
        var agent = DeviceAgent.Boot(_device.PowerOn(), _device.Clock, new HmacSha256MacPrimitive(), TestRelease.HardwareClass);
        var transport = new FakeTransport();
        agent.StartServices("dev-1", _eventKey, new AgentSettings { OnIntegrityViolation = onViolation }, transport, "es/v1/d/dev-1/evt", "es/v1/d/dev-1/ack");
        return (agent, transport);
    }

    private static List<EventRecord> Published(FakeTransport transport) =>
        transport.Published.SelectMany(p => EventBatchCodec.Decode(p.Payload).Entries).Select(e => e.Record).ToList();

    [Fact]
    [Trait("Requirement", "SR-BOOT-001")]
    public void A_verified_slot_hands_every_managed_assembly_to_the_loader_in_manifest_order()
    {
        var (agent, _) = Start(ContainmentState.Contained);
        var load = agent.ReadApplication();

        Assert.Equal(ApplicationLoadStatus.Ready, load.Status);
        Assert.Equal(2, load.AssemblyCount); // app.pe and lib.pe; the configuration component is not an assembly
        Assert.Equal(V1.Payloads[0], load.GetAssembly(0));
        Assert.Equal("lib.pe", load.GetName(1));
        Assert.Equal(V1.Payloads[1], load.GetAssembly(1));
    }

    [Theory]
    [Trait("Requirement", "SR-BOOT-016")]
    [InlineData(ContainmentState.Contained)]
    [InlineData(ContainmentState.ReportOnly)]
    public void A_component_changed_after_the_boot_check_withholds_the_whole_application_records_it_and_contains(ContainmentState configured)
    {
        var (agent, transport) = Start(configured);
        var file = BootSlot.ComponentFile(agent.Decision.Slot, 1); // lib.pe: app.pe (read first) is intact
        agent.Flash.Write(file, 10, [0x5A], 0, 1);
        agent.Flash.Flush(file);

        var load = agent.ReadApplication();

        Assert.Equal(ApplicationLoadStatus.Withheld, load.Status);
        Assert.Equal(0, load.AssemblyCount); // never a partial application
        Assert.Equal(file, load.Changed!.FileName);
        Assert.Equal(configured, agent.Integrity.Containment);
        Assert.Equal(configured, new BootStateStore(_device.PowerOn()).Current.Containment);

        // The agent keeps running: it polls, reports the finding and the containment, and heartbeats.
        agent.Poll();
        var events = Published(transport);
        // The loader's finding (the periodic check run by Poll finds the same file again).
        var finding = Assert.Single(events, e => e.EventType == EventTypes.IntegrityCheck && e.FindField(EventFieldIds.Outcome.Reason)!.StringValue.Contains("application not loaded", StringComparison.Ordinal));
        Assert.Equal("lib.pe", finding.FindField(EventFieldIds.Outcome.Subject)!.StringValue);
        Assert.Contains(events, e => e.EventType == EventTypes.ContainmentEntered);
        Assert.Contains(events, e => e.EventType == EventTypes.Heartbeat);

        // The next boot verifies again: the changed slot does not run (here: no other confirmed slot -> safe mode).
        var next = _device.Boot();
        Assert.False(next.Decision.MayRunApplication);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-016")]
    public void A_boot_that_may_not_run_application_code_hands_over_nothing()
    {
        var flash = _device.PowerOn();
        flash.Delete(BootSlot.ComponentFile(BootSlot.A, 0));
        var (agent, transport) = Start(ContainmentState.Contained);
        Assert.Equal(BootMode.SafeMode, agent.Decision.Mode);

        var load = agent.ReadApplication();

        Assert.Equal(ApplicationLoadStatus.NotAllowed, load.Status);
        Assert.Equal(0, load.AssemblyCount);
        agent.Poll();
        Assert.DoesNotContain(Published(transport), e => e.EventType == EventTypes.IntegrityCheck);
    }
}
