using System.Globalization;
using System.Numerics;
using Xunit.Abstractions;
using Ed25519 = EdgeSecurity.Firmware.Core.Crypto.Ed25519;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>
/// Ed25519 verification against Portable.BouncyCastle 1.8.10 on random keys and messages and on damaged
/// signatures. The seed is random per run (set ED25519_DIFFERENTIAL_SEED to replay) and is in every message.
/// </summary>
public sealed class Ed25519DifferentialTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;

    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("ED25519_DIFFERENTIAL_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
        ? seed
        : Environment.TickCount;

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    [Trait("Requirement", "SR-CRYPTO-002")]
    [Trait("Requirement", "SR-CRYPTO-004")]
    public void Agrees_with_BouncyCastle_on_valid_and_damaged_signatures()
    {
        output.WriteLine($"seed {Seed} (ED25519_DIFFERENTIAL_SEED={Seed} replays this run)");
        Random random = new(Seed);
        int[] accepted = new int[SignatureMutation.Kinds.Length];
        int[] tried = new int[SignatureMutation.Kinds.Length];
        int smallOrderDifferences = 0;
        for (int n = 0; n < Cases; n++)
        {
            BouncyCastleOracle.Signed signed = BouncyCastleOracle.Sign(random, 300);
            Triple valid = new(signed.PublicKey, signed.Message, signed.Signature);
            Assert.True(Ed25519.Verify(valid.PublicKey, valid.Message, valid.Signature), Describe("ours rejects a BouncyCastle signature", n, valid));
            Assert.True(BouncyCastleOracle.Verify(valid.PublicKey, valid.Message, valid.Signature), Describe("BouncyCastle rejects its own signature", n, valid));

            MutationKind kind = SignatureMutation.Kinds[n % SignatureMutation.Kinds.Length];
            Triple damaged = SignatureMutation.Apply(kind, valid, random);
            bool ours = Ed25519.Verify(damaged.PublicKey, damaged.Message, damaged.Signature);
            bool theirs = BouncyCastleOracle.Verify(damaged.PublicKey, damaged.Message, damaged.Signature);
            tried[(int)kind]++;
            accepted[(int)kind] += ours ? 1 : 0;
            if (SignatureMutation.IsSmallOrderRejection(kind))
            {
                Assert.False(ours, Describe($"{kind} accepted", n, damaged));
                smallOrderDifferences += theirs ? 1 : 0;
            }
            else
            {
                Assert.True(ours == theirs, Describe($"{kind}: ours {ours}, BouncyCastle {theirs}", n, damaged));
            }
        }

        for (int i = 0; i < tried.Length; i++)
        {
            output.WriteLine($"{SignatureMutation.Kinds[i]}: {tried[i]} tried, {accepted[i]} accepted by ours");
        }

        output.WriteLine($"small-order inputs accepted by BouncyCastle only: {smallOrderDifferences}");
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-003")]
    public void Identity_public_key_signs_every_message_for_BouncyCastle_but_not_for_us()
    {
        // With A = identity, [k]A vanishes: R = [S]B verifies for any message under the cofactorless equation.
        Random random = new(Seed);
        byte[] identity = TestHex.Decode("0100000000000000000000000000000000000000000000000000000000000000");
        BigInteger s = SignatureMutation.RandomScalar(random);
        byte[] signature = [.. EdwardsReference.Encode(EdwardsReference.Multiply(s, EdwardsReference.Base)), .. FieldReference.ToLittleEndian(s, 32)];

        foreach (string text in new[] { "install firmware 1.0", "install firmware 6.6.6" })
        {
            byte[] message = System.Text.Encoding.UTF8.GetBytes(text);
            Assert.True(BouncyCastleOracle.Verify(identity, message, signature), $"seed {Seed}");
            Assert.False(Ed25519.Verify(identity, message, signature), $"seed {Seed}");
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-003")]
    public void Identity_R_solving_the_equation_is_accepted_by_BouncyCastle_but_not_by_us()
    {
        // For an honest key, S = k*a mod L with R = identity satisfies [S]B = R + [k]A exactly.
        Random random = new(Seed);
        BouncyCastleOracle.Signed signed = BouncyCastleOracle.Sign(random, 64);
        byte[] r = TestHex.Decode("0100000000000000000000000000000000000000000000000000000000000000");
        BigInteger k = BouncyCastleOracle.Challenge(r, signed.PublicKey, signed.Message);
        BigInteger s = k * BouncyCastleOracle.SecretScalar(signed.Secret) % FieldReference.L;
        byte[] signature = [.. r, .. FieldReference.ToLittleEndian(s, 32)];

        Assert.True(BouncyCastleOracle.Verify(signed.PublicKey, signed.Message, signature), $"seed {Seed}");
        Assert.False(Ed25519.Verify(signed.PublicKey, signed.Message, signature), $"seed {Seed}");
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Mixed_order_public_key_follows_the_cofactorless_equation_like_BouncyCastle()
    {
        // A' = A + T (T torsion): the cofactorless check accepts only if [k]T happens to vanish (k = 0 mod ord T).
        Random random = new(Seed);
        int agreements = 0;
        for (int n = 0; n < 64; n++)
        {
            BouncyCastleOracle.Signed signed = BouncyCastleOracle.Sign(random, 32);
            byte[] mixed = SignatureMutation.AddTorsion(signed.PublicKey, random);
            BigInteger a = BouncyCastleOracle.SecretScalar(signed.Secret);
            BigInteger r = SignatureMutation.RandomScalar(random);
            byte[] rBytes = EdwardsReference.Encode(EdwardsReference.Multiply(r, EdwardsReference.Base));
            BigInteger k = BouncyCastleOracle.Challenge(rBytes, mixed, signed.Message);
            byte[] signature = [.. rBytes, .. FieldReference.ToLittleEndian((r + k * a) % FieldReference.L, 32)];

            bool ours = Ed25519.Verify(mixed, signed.Message, signature);
            Assert.True(ours == BouncyCastleOracle.Verify(mixed, signed.Message, signature), $"seed {Seed}, case {n}");
            agreements += ours ? 1 : 0;
        }

        output.WriteLine($"mixed-order keys accepted (k*T = 0): {agreements} of 64");
    }

    private static string Describe(string what, int n, Triple t) =>
        $"{what}; case {n}, seed {Seed}; A {TestHex.Encode(t.PublicKey)} sig {TestHex.Encode(t.Signature)} message {TestHex.Encode(t.Message)}";
}
