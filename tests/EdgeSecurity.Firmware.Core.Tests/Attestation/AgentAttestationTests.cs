using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Tests.Upload;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Attestation;

/// <summary>The agent's attested posture is its real boot decision, boot state, integrity state and journal head.</summary>
public sealed class AgentAttestationTests : IDisposable
{
    private const string CommandTopic = "es/v1/d/dev-1/cmd";
    private const string AnswerTopic = "es/v1/d/dev-1/res";
    private readonly TestRelease _release = new();
    private readonly TestDevice _device;
    private readonly byte[] _eventKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly HmacSha256MacPrimitive _mac = new();

    public AgentAttestationTests()
    {
        _device = new TestDevice(_release);
        _device.Provision(_release.Bundle(1, counter: 3, seed: 7));
    }

    public void Dispose() => _device.Dispose();

    private (DeviceAgent Agent, FakeTransport Transport) Start(ushort epoch = 0)
    {
        var agent = DeviceAgent.Boot(_device.PowerOn(), _device.Clock, _mac, TestRelease.HardwareClass);
        var transport = new FakeTransport();
        var settings = new AgentSettings { OnIntegrityViolation = ContainmentState.ReportOnly, HeartbeatIntervalMilliseconds = 1000 };
        settings.Journal.KeyEpoch = epoch;
        agent.StartServices("dev-1", _eventKey, settings, transport, "es/v1/d/dev-1/evt", "es/v1/d/dev-1/ack");
        agent.StartAttestation("dev-1", _eventKey, transport, CommandTopic, AnswerTopic);
        return (agent, transport);
    }

    private AttestationAnswer Challenge(DeviceAgent agent, FakeTransport transport)
    {
        transport.Published.Clear();
        transport.Deliver(CommandTopic, AttestationChallengeCodec.Encode(AttestationSamples.Nonce()));
        agent.Poll();
        var answer = transport.Published.Single(p => p.Topic == AnswerTopic).Payload;
        Assert.True(AttestationAnswerCodec.IsAuthentic(_mac, _eventKey, answer));
        return AttestationAnswerCodec.Decode(answer);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-001")]
    public void The_answer_carries_the_boot_state_and_the_journal_head_of_the_moment()
    {
        var (agent, transport) = Start(epoch: 2);

        var answer = Challenge(agent, transport);

        var e = answer.Evidence;
        Assert.Equal(2, answer.KeyEpoch);
        Assert.Equal(agent.State.Current.BootCount, e.BootCount);
        Assert.Equal((int)BootMode.Run, e.BootMode);
        Assert.Equal(agent.Decision.Slot, e.RunningSlot);
        Assert.Equal(agent.Decision.IsTrial, e.IsTrial);
        Assert.Equal(3, e.BundleCounter);
        Assert.Equal(agent.State.Current.GetDigest(agent.Decision.Slot), e.BundleDigest);
        Assert.NotEqual(new byte[16], e.BundleDigest);
        Assert.Equal(0, e.Containment);
        byte[] headMac = agent.Log.Journal.ReadHead(out long headSequence);
        Assert.True(headSequence > 2L << 40, "the head is in epoch 2's band");
        Assert.Equal(headSequence, e.JournalHeadSequence);
        Assert.Equal(headMac, e.JournalHeadMac);
        Assert.Equal(1, e.IntegrityResult); // the first poll ran the integrity check and it was clean
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-001")]
    public void A_tampered_component_shows_in_the_next_answer_as_integrity_mismatch_and_containment()
    {
        var (agent, transport) = Start();
        Challenge(agent, transport);
        string component = BootSlot.ComponentFile(agent.Decision.Slot, 0);
        agent.Flash.Write(component, 0, [0xFF], 0, 1);
        agent.Flash.Flush(component);
        agent.CheckIntegrityNow();

        var answer = Challenge(agent, transport);

        Assert.Equal(2, answer.Evidence.IntegrityResult);
        Assert.Equal((int)ContainmentState.ReportOnly, answer.Evidence.Containment);
        Assert.Equal(agent.Log.Journal.HeadSequence, answer.Evidence.JournalHeadSequence);
    }
}
