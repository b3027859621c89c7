using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Serialization;

namespace EdgeSecurity.Firmware.Core.Tests.Attestation;

[Trait("Requirement", "SR-ATT-002")]
public sealed class AttestationChallengeCodecTests
{
    [Fact]
    public void A_challenge_is_version_command_and_nonce()
    {
        byte[] bytes = AttestationChallengeCodec.Encode(AttestationSamples.Nonce());

        Assert.Equal([1, 1, .. AttestationSamples.Nonce()], bytes);
        Assert.Equal(AttestationSamples.Nonce(), AttestationChallengeCodec.Decode(bytes));
    }

    [Fact]
    public void Random_and_mutated_challenges_are_parsed_canonically_or_rejected_by_field() =>
        ParserRobustness.Check(AttestationChallengeCodec.Encode(AttestationSamples.Nonce()), input => AttestationChallengeCodec.Encode(AttestationChallengeCodec.Decode(input)), randomMutations: 2000);

    [Theory]
    [InlineData(new byte[] { 2, 1 }, MalformedReason.UnsupportedVersion, "attestation.challenge.version")]
    [InlineData(new byte[] { 1, 2 }, MalformedReason.ValueOutOfRange, "attestation.challenge.command")]
    [InlineData(new byte[] { 1, 1, 5 }, MalformedReason.Truncated, "attestation.challenge.nonce")]
    public void A_bad_challenge_is_named(byte[] bytes, MalformedReason reason, string field)
    {
        var error = Assert.Throws<MalformedDataException>(() => AttestationChallengeCodec.Decode(bytes));

        Assert.Equal(reason, error.Reason);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Bytes_after_the_nonce_are_rejected() =>
        Assert.Equal(MalformedReason.TrailingBytes, Assert.Throws<MalformedDataException>(() => AttestationChallengeCodec.Decode([.. AttestationChallengeCodec.Encode(AttestationSamples.Nonce()), 0])).Reason);
}
