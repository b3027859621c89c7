using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Tests.Upload;

namespace EdgeSecurity.Firmware.Core.Tests.Attestation;

public sealed class AttestationResponderTests
{
    private const string CommandTopic = "es/v1/d/sensor-0001/cmd";
    private const string AnswerTopic = "es/v1/d/sensor-0001/res";
    private readonly TestMac _mac = new();
    private readonly byte[] _key = TestMac.NewKey();
    private readonly FakeTransport _transport = new();
    private readonly FixedPosture _posture = new();

    private AttestationResponder Start()
    {
        var responder = new AttestationResponder(_mac, _key, 3, "sensor-0001", _transport, AnswerTopic, _posture);
        responder.Start(CommandTopic);
        return responder;
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-001")]
    public void A_challenge_is_answered_on_the_next_poll_with_the_posture_of_that_moment()
    {
        var responder = Start();
        _transport.Deliver(CommandTopic, AttestationChallengeCodec.Encode(AttestationSamples.Nonce()));
        Assert.Empty(_transport.Published);
        _posture.Evidence.JournalHeadSequence = 42;

        responder.Poll();

        var (topic, payload) = Assert.Single(_transport.Published);
        Assert.Equal(AnswerTopic, topic);
        Assert.True(AttestationAnswerCodec.IsAuthentic(_mac, _key, payload));
        var answer = AttestationAnswerCodec.Decode(payload);
        Assert.Equal(AttestationSamples.Nonce(), answer.Nonce);
        Assert.Equal(3, answer.KeyEpoch);
        Assert.Equal(42, answer.Evidence.JournalHeadSequence);
        Assert.Equal(1, responder.AnswersSent);
        responder.Poll();
        Assert.Single(_transport.Published);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-001")]
    public void An_answer_the_transport_refuses_is_sent_when_it_takes_it()
    {
        var responder = Start();
        _transport.Deliver(CommandTopic, AttestationChallengeCodec.Encode(AttestationSamples.Nonce()));
        _transport.IsConnected = false;

        responder.Poll();
        Assert.True(responder.HasPendingChallenge);
        _transport.IsConnected = true;
        responder.Poll();

        Assert.Single(_transport.Published);
        Assert.False(responder.HasPendingChallenge);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-001")]
    public void Only_the_newest_of_several_waiting_challenges_is_answered()
    {
        var responder = Start();
        byte[] newer = Enumerable.Repeat((byte)0x55, 16).ToArray();
        _transport.Deliver(CommandTopic, AttestationChallengeCodec.Encode(AttestationSamples.Nonce()));
        _transport.Deliver(CommandTopic, AttestationChallengeCodec.Encode(newer));

        responder.Poll();

        Assert.Equal(newer, AttestationAnswerCodec.Decode(Assert.Single(_transport.Published).Payload).Nonce);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-002")]
    public void A_malformed_command_is_counted_answers_nothing_and_keeps_a_waiting_challenge()
    {
        var responder = Start();
        _transport.Deliver(CommandTopic, AttestationChallengeCodec.Encode(AttestationSamples.Nonce()));
        var rng = new Random(12);
        for (int i = 0; i < 200; i++)
        {
            byte[] junk = new byte[rng.Next(0, 40)];
            rng.NextBytes(junk);
            if (junk.Length == 18)
            {
                junk[0] = 9;
            }

            _transport.Deliver(CommandTopic, junk);
        }

        responder.Poll();

        Assert.Equal(200, responder.ChallengesRejected);
        Assert.Equal(AttestationSamples.Nonce(), AttestationAnswerCodec.Decode(Assert.Single(_transport.Published).Payload).Nonce);
    }

    private sealed class FixedPosture : IPostureSource
    {
        public AttestationEvidence Evidence { get; } = AttestationSamples.Evidence();

        public AttestationEvidence CapturePosture() => Evidence;
    }
}
