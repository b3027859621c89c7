using System.Numerics;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>Portable.BouncyCastle 1.8.10's RFC 8032 Ed25519, the independent implementation the verifier is compared with.</summary>
internal static class BouncyCastleOracle
{
    public sealed record Signed(byte[] Secret, byte[] PublicKey, byte[] Message, byte[] Signature);

    public static Signed Sign(Random random, int maxMessageLength)
    {
        byte[] secret = new byte[Bc.SecretKeySize];
        random.NextBytes(secret);
        byte[] message = new byte[random.Next(maxMessageLength + 1)];
        random.NextBytes(message);
        byte[] publicKey = new byte[Bc.PublicKeySize];
        Bc.GeneratePublicKey(secret, 0, publicKey, 0);
        byte[] signature = new byte[Bc.SignatureSize];
        Bc.Sign(secret, 0, publicKey, 0, message, 0, message.Length, signature, 0);
        return new Signed(secret, publicKey, message, signature);
    }

    public static bool Verify(byte[] publicKey, byte[] message, byte[] signature) =>
        Bc.Verify(signature, 0, publicKey, 0, message, 0, message.Length);

    /// <summary>The clamped secret scalar a of RFC 8032 5.1.5, so a test can solve the verification equation itself.</summary>
    public static BigInteger SecretScalar(byte[] secret)
    {
        byte[] h = System.Security.Cryptography.SHA512.HashData(secret);
        byte[] a = h[..32];
        a[0] &= 248;
        a[31] &= 127;
        a[31] |= 64;
        return FieldReference.FromLittleEndian(a);
    }

    /// <summary>k = SHA-512(R || A || M) mod L.</summary>
    public static BigInteger Challenge(byte[] r, byte[] publicKey, byte[] message) =>
        FieldReference.FromLittleEndian(System.Security.Cryptography.SHA512.HashData([.. r, .. publicKey, .. message])) % FieldReference.L;
}
