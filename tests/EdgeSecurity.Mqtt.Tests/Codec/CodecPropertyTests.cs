using EdgeSecurity.Mqtt.Packets;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Mqtt.Tests.Codec;

public sealed class CodecPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Every_packet_type_round_trips_through_encoder_and_decoder()
    {
        var property = Prop.ForAll(PacketGenerators.AnyPacket.ToArbitrary(), packet =>
        {
            var encoded = MqttPacketEncoder.Encode(packet);
            var decoder = new MqttPacketDecoder(int.MaxValue / 8);
            var decodedOk = decoder.TryDecode(encoded, out var decoded, out var consumed);
            return decodedOk && consumed == encoded.Length && decoded!.Type == packet.Type
                && MqttPacketEncoder.Encode(decoded).AsSpan().SequenceEqual(encoded);
        });
        Check.One(Quick, property);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-004")]
    public void Every_truncation_of_a_valid_packet_needs_more_data_and_never_throws()
    {
        var property = Prop.ForAll(PacketGenerators.EncodedPacket.ToArbitrary(), encoded =>
        {
            var decoder = new MqttPacketDecoder();
            for (var length = 0; length < encoded.Length; length++)
            {
                if (decoder.TryDecode(encoded.AsSpan(0, length), out var packet, out var consumed) || packet is not null || consumed != 0)
                {
                    return false;
                }
            }

            return true;
        });
        Check.One(Quick, property);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-004")]
    public void Random_mutations_give_a_valid_packet_need_more_data_or_a_typed_protocol_error()
    {
        var mutated =
            from encoded in PacketGenerators.EncodedPacket
            from edits in Gen.NonEmptyListOf(Gen.Zip(Gen.Choose(0, 4096), Gen.Choose(0, 255)))
            from truncateTo in Gen.Choose(0, 8)
            select Mutate(encoded, edits, truncateTo);
        var property = Prop.ForAll(mutated.ToArbitrary(), bytes =>
        {
            var decoder = new MqttPacketDecoder(64 * 1024);
            try
            {
                if (decoder.TryDecode(bytes, out var packet, out var consumed))
                {
                    // Whatever decodes must be a packet our encoder reproduces byte for byte.
                    return MqttPacketEncoder.Encode(packet!).AsSpan().SequenceEqual(bytes.AsSpan(0, consumed));
                }

                return packet is null && consumed == 0;
            }
            catch (MqttProtocolException ex)
            {
                return Enum.IsDefined(ex.Reason);
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }

    private static byte[] Mutate(byte[] encoded, IEnumerable<(int Position, int Value)> edits, int truncateTo)
    {
        var bytes = (byte[])encoded.Clone();
        foreach (var (position, value) in edits)
        {
            bytes[position % bytes.Length] = (byte)value;
        }

        // Sometimes also cut the tail, so that mutated headers meet short buffers.
        return truncateTo == 0 ? bytes[..Math.Max(1, bytes.Length / 2)] : bytes;
    }
}
