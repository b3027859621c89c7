using System.Numerics;
using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>Ways the differential test damages a valid (public key, message, signature) triple.</summary>
internal enum MutationKind
{
    FlipBitInR,
    FlipBitInS,
    FlipBitInPublicKey,
    FlipBitInMessage,
    AddOrderToS,
    NonCanonicalR,
    NonCanonicalPublicKey,
    SmallOrderPublicKey,
    SmallOrderR,
    TorsionAddedToPublicKey,
    TorsionAddedToR,
    ZeroXWithSignBitR,
    RandomPublicKey,
    RandomSignature,
}

internal sealed record Triple(byte[] PublicKey, byte[] Message, byte[] Signature);

internal static class SignatureMutation
{
    public static readonly MutationKind[] Kinds = Enum.GetValues<MutationKind>();

    /// <summary>Kinds where this verifier rejects by design and BouncyCastle 1.8.10 may accept (docs/crypto.md).</summary>
    public static bool IsSmallOrderRejection(MutationKind kind) => kind is MutationKind.SmallOrderPublicKey or MutationKind.SmallOrderR;

    public static Triple Apply(MutationKind kind, Triple t, Random random)
    {
        byte[] publicKey = (byte[])t.PublicKey.Clone();
        byte[] message = (byte[])t.Message.Clone();
        byte[] signature = (byte[])t.Signature.Clone();
        switch (kind)
        {
            case MutationKind.FlipBitInR:
                FlipBit(signature, 0, 32, random);
                break;
            case MutationKind.FlipBitInS:
                FlipBit(signature, 32, 32, random);
                break;
            case MutationKind.FlipBitInPublicKey:
                FlipBit(publicKey, 0, 32, random);
                break;
            case MutationKind.FlipBitInMessage:
                if (message.Length == 0)
                {
                    message = [(byte)random.Next(256)];
                }
                else
                {
                    FlipBit(message, 0, message.Length, random);
                }

                break;
            case MutationKind.AddOrderToS:
                Array.Copy(FieldReference.ToLittleEndian(FieldReference.FromLittleEndian(signature[32..]) + FieldReference.L, 32), 0, signature, 32, 32);
                break;
            case MutationKind.NonCanonicalR:
                Array.Copy(NonCanonicalEncoding(random), 0, signature, 0, 32);
                break;
            case MutationKind.NonCanonicalPublicKey:
                publicKey = NonCanonicalEncoding(random);
                break;
            case MutationKind.SmallOrderPublicKey:
                publicKey = SmallOrderPoints.Get(random.Next(SmallOrderPoints.Count));
                break;
            case MutationKind.SmallOrderR:
                Array.Copy(SmallOrderPoints.Get(random.Next(SmallOrderPoints.Count)), 0, signature, 0, 32);
                break;
            case MutationKind.TorsionAddedToPublicKey:
                publicKey = AddTorsion(publicKey, random);
                break;
            case MutationKind.TorsionAddedToR:
                Array.Copy(AddTorsion(signature[..32], random), 0, signature, 0, 32);
                break;
            case MutationKind.ZeroXWithSignBitR:
                // (0, 1) and (0, -1) with the sign bit set: the only points with x = 0.
                byte[] zeroX = SmallOrderPoints.Get(random.Next(2));
                zeroX[31] |= 0x80;
                Array.Copy(zeroX, 0, signature, 0, 32);
                break;
            case MutationKind.RandomPublicKey:
                random.NextBytes(publicKey);
                break;
            case MutationKind.RandomSignature:
                random.NextBytes(signature);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown mutation");
        }

        return new Triple(publicKey, message, signature);
    }

    /// <summary>y + p for a y in 0..18 (the only y with a second 255-bit encoding), random sign bit.</summary>
    public static byte[] NonCanonicalEncoding(Random random)
    {
        byte[] bytes = FieldReference.ToLittleEndian(FieldReference.P + random.Next(19), 32);
        if (random.Next(2) == 1)
        {
            bytes[31] |= 0x80;
        }

        return bytes;
    }

    /// <summary>The encoding of P + T for a random non-identity torsion point T (a mixed-order point).</summary>
    public static byte[] AddTorsion(byte[] encoding, Random random)
    {
        VerificationWorkspace w = new();
        if (!PointEncoding.TryDecode(w.Key, encoding, 0, w))
        {
            return encoding;
        }

        VerificationWorkspace tw = new();
        Assert.True(PointEncoding.TryDecode(tw.Key, SmallOrderPoints.Get(1 + random.Next(SmallOrderPoints.Count - 1)), 0, tw));
        return EdwardsReference.Encode(EdwardsReference.Add(EdwardsReference.Affine(w.Key), EdwardsReference.Affine(tw.Key)));
    }

    private static void FlipBit(byte[] data, int offset, int length, Random random)
    {
        int bit = random.Next(length * 8);
        data[offset + (bit / 8)] ^= (byte)(1 << (bit % 8));
    }

    public static BigInteger RandomScalar(Random random)
    {
        byte[] bytes = new byte[32];
        random.NextBytes(bytes);
        return FieldReference.FromLittleEndian(bytes) % FieldReference.L;
    }
}
