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
/// Confirmation driven by the health check (docs/boot.md, "health check"): the default condition is "connected
/// and the host acknowledged this boot's boot report within the limit"; time is the uptime the test passes in.
/// </summary>
public sealed class TrialSupervisorTests : IDisposable
{
    private const string AckTopic = "es/v1/d/dev-1/ack";
    private const long Limit = 60_000;
    private static readonly TestRelease Release = new();
    private static readonly TestBundle Old = Release.Bundle(1, 1, seed: 41);
    private static readonly TestBundle New = Release.Bundle(2, 4, seed: 42);
    private readonly TestDevice _device = new(Release);
    private readonly byte[] _eventKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly HmacSha256MacPrimitive _mac = new();

    public TrialSupervisorTests()
    {
        _device.Provision(Old);
        TestDevice.Install(_device.Boot(), New);
    }

    public void Dispose() => _device.Dispose();

    private (DeviceAgent Agent, FakeTransport Transport, TrialSupervisor Supervisor) StartTrial(bool connected = true)
    {
        var agent = DeviceAgent.Boot(_device.PowerOn(), _device.Clock, _mac, TestRelease.HardwareClass);
        var transport = new FakeTransport { IsConnected = connected };
        agent.StartServices("dev-1", _eventKey, new AgentSettings { OnIntegrityViolation = ContainmentState.Contained }, transport, "es/v1/d/dev-1/evt", AckTopic);
        var supervisor = new TrialSupervisor(agent, new BootReportHealthCheck(agent, 0, Limit));
        return (agent, transport, supervisor);
    }

    /// <summary>The host's answer: a MAC'd ack of everything the device has published so far.</summary>
    private void HostAcknowledges(FakeTransport transport)
    {
        var last = EventBatchCodec.Decode(transport.Published[^1].Payload);
        var through = last.Entries[^1].Record.Sequence;
        transport.Deliver(AckTopic, EventAckCodec.Encode(_mac, _eventKey, new EventAck(AckStatus.Stored, last.BatchId, through, 0)));
    }

    private static List<EventRecord> Events(FakeTransport transport) =>
        transport.Published.SelectMany(p => EventBatchCodec.Decode(p.Payload).Entries).Select(e => e.Record).ToList();

    private BootState Stored() => new BootStateStore(_device.PowerOn()).Current;

    [Fact]
    [Trait("Requirement", "SR-BOOT-005")]
    [Trait("Requirement", "SR-BOOT-017")]
    public void A_trial_is_confirmed_only_after_the_host_acknowledged_its_boot_report()
    {
        var (agent, transport, supervisor) = StartTrial();
        Assert.Equal(TrialOutcome.Running, supervisor.Outcome);
        supervisor.ApplicationStarted(true, "2 assemblies loaded");

        // Loading the application confirms nothing: still a trial, counter unchanged.
        Assert.Equal(TrialOutcome.Running, supervisor.Poll(1_000));
        Assert.Equal(BootSlot.B, Stored().TrialSlot);
        Assert.Equal(Old.Counter, Stored().ConfirmedCounter);

        agent.Poll(); // uploads the boot report
        Assert.False(agent.IsBootReportAcknowledged);
        Assert.Equal(TrialOutcome.Running, supervisor.Poll(2_000));
        HostAcknowledges(transport);
        Assert.True(agent.IsBootReportAcknowledged);

        Assert.Equal(TrialOutcome.Confirmed, supervisor.Poll(3_000));
        Assert.Contains("acknowledged", supervisor.Reason, StringComparison.Ordinal);
        Assert.Equal(New.Counter, Stored().ConfirmedCounter);
        Assert.Equal(BootSlot.B, Stored().ConfirmedSlot);
        agent.Poll();
        Assert.Contains(Events(transport), e => e.EventType == EventTypes.OtaConfirmed);
        Assert.Equal(New.Version, _device.Boot().Report.Version);
    }

    [Theory]
    [Trait("Requirement", "SR-BOOT-004")]
    [Trait("Requirement", "SR-BOOT-017")]
    [InlineData(true, "did not acknowledge")]
    [InlineData(false, "did not connect")]
    public void A_trial_whose_boot_report_is_not_acknowledged_in_time_is_rejected_and_rolls_back(bool connected, string expectedReason)
    {
        var (agent, transport, supervisor) = StartTrial(connected);
        supervisor.ApplicationStarted(true, "loaded");
        agent.Poll();

        Assert.Equal(TrialOutcome.Running, supervisor.Poll(Limit - 1));
        Assert.Equal(TrialOutcome.Rejected, supervisor.Poll(Limit));
        Assert.True(supervisor.RebootRequired);
        Assert.Contains(expectedReason, supervisor.Reason, StringComparison.Ordinal);
        Assert.Equal(Old.Counter, Stored().ConfirmedCounter);
        Assert.Equal(SlotStatus.Rejected, Stored().GetStatus(BootSlot.B));

        // An ack arriving after the verdict changes nothing.
        if (connected)
        {
            HostAcknowledges(transport);
        }

        Assert.Equal(TrialOutcome.Rejected, supervisor.Poll(Limit + 1));
        Assert.Throws<InvalidOperationException>(agent.Manager.Confirm);

        var next = _device.Boot();
        Assert.Equal(Old.Version, next.Report.Version);
        Assert.Equal(RollbackReason.HealthCheckFailed, next.Report.RollbackReason);
        var rolledBack = Assert.Single(agent.Log.Journal.ReadAfter(0, 100).Select(e => EventRecordCodec.Decode(e.Record)), r => r.EventType == EventTypes.OtaRolledBack);
        Assert.Contains(expectedReason, rolledBack.FindField(EventFieldIds.Ota.Reason)!.StringValue, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-017")]
    public void A_trial_whose_application_did_not_start_is_rejected_at_once()
    {
        var (_, _, supervisor) = StartTrial();
        supervisor.ApplicationStarted(false, "application withheld: component 1 changed");

        Assert.Equal(TrialOutcome.Rejected, supervisor.Outcome);
        Assert.Contains("did not start", supervisor.Reason, StringComparison.Ordinal);
        Assert.Equal(Old.Counter, Stored().ConfirmedCounter);
        Assert.Equal(BootSlot.None, Stored().TrialSlot);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-017")]
    public void A_healthy_check_without_a_started_application_is_not_a_confirmation()
    {
        var (agent, transport, supervisor) = StartTrial();
        agent.Poll();
        HostAcknowledges(transport);

        Assert.Equal(TrialOutcome.Rejected, supervisor.Poll(1_000));
        Assert.Equal(Old.Counter, Stored().ConfirmedCounter);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-017")]
    public void A_boot_that_is_not_a_trial_is_never_confirmed_or_rejected()
    {
        var first = StartTrial();
        first.Supervisor.ApplicationStarted(true, "loaded");
        first.Agent.Poll();
        HostAcknowledges(first.Transport);
        Assert.Equal(TrialOutcome.Confirmed, first.Supervisor.Poll(1));
        var sequence = Stored().Sequence;

        var (_, _, supervisor) = StartTrial();
        Assert.Equal(TrialOutcome.NotATrial, supervisor.Outcome);
        supervisor.ApplicationStarted(false, "whatever");
        Assert.Equal(TrialOutcome.NotATrial, supervisor.Poll(Limit * 2));
        Assert.False(supervisor.RebootRequired);
        Assert.Equal(sequence + 1, Stored().Sequence); // only the boot's own save
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-030")]
    public void A_product_check_composes_with_the_boot_report_check_unhealthy_at_once_and_pending_holds_the_confirmation()
    {
        var (agent, transport, _) = StartTrial();
        var product = new SettableCheck();
        var supervisor = new TrialSupervisor(agent, new BootReportHealthCheck(agent, 0, Limit, product));
        supervisor.ApplicationStarted(true, "loaded");
        agent.Poll();
        HostAcknowledges(transport);

        // Acknowledged, but the product check has no verdict yet: nothing is decided, and at the limit it is rejected.
        Assert.Equal(TrialOutcome.Running, supervisor.Poll(1_000));
        Assert.Equal(BootSlot.B, Stored().TrialSlot);
        product.Verdict = HealthVerdict.Unhealthy;
        Assert.Equal(TrialOutcome.Rejected, supervisor.Poll(2_000));
        Assert.Contains("application health check failed: product says so", supervisor.Reason, StringComparison.Ordinal);
        Assert.Equal(Old.Counter, Stored().ConfirmedCounter);
        agent.Poll();
        Assert.Single(Events(transport), e => e.EventType == EventTypes.OtaRolledBack);
    }

    private sealed class SettableCheck : IHealthCheck
    {
        public HealthVerdict Verdict { get; set; } = HealthVerdict.Pending;

        public string Reason => "product says so";

        public HealthVerdict Evaluate(long uptimeMilliseconds) => Verdict;
    }
}
