using System.Numerics;
using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

public sealed class PointArithmeticTests
{
    private static readonly int Seed = Environment.TickCount;

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Base_point_table_holds_the_odd_multiples_of_B()
    {
        Assert.Equal(1 << (BasePointTable.WindowWidth - 2), BasePointTable.OddMultiples.Length);
        for (int i = 0; i < BasePointTable.OddMultiples.Length; i++)
        {
            (BigInteger x, BigInteger y) = EdwardsReference.Multiply((2 * i) + 1, EdwardsReference.Base);
            AffinePoint entry = BasePointTable.OddMultiples[i];

            Assert.Equal(FieldReference.Mod(y + x), FieldReference.ToInteger(entry.YPlusX));
            Assert.Equal(FieldReference.Mod(y - x), FieldReference.ToInteger(entry.YMinusX));
            Assert.Equal(FieldReference.Mod(2 * EdwardsReference.D * x * y), FieldReference.ToInteger(entry.XY2d));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Base_point_encoding_decodes_to_the_reference_base_point()
    {
        VerificationWorkspace w = new();
        byte[] encoding = EdwardsReference.Encode(EdwardsReference.Base);

        Assert.Equal("5866666666666666666666666666666666666666666666666666666666666666", TestHex.Encode(encoding));
        Assert.True(PointEncoding.TryDecode(w.Key, encoding, 0, w));
        Assert.Equal(EdwardsReference.Base, EdwardsReference.Affine(w.Key));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Double_scalar_multiplication_matches_the_reference()
    {
        Random random = new(Seed);
        VerificationWorkspace w = new();
        byte[] encoded = new byte[32];
        for (int n = 0; n < 12; n++)
        {
            BigInteger s = RandomScalar(random);
            BigInteger k = RandomScalar(random);
            (BigInteger X, BigInteger Y) p = EdwardsReference.Multiply(RandomScalar(random), EdwardsReference.Base);
            if (n == 0)
            {
                s = FieldReference.L - 1;
                k = BigInteger.Zero;
            }

            Assert.True(PointEncoding.TryDecode(w.Key, EdwardsReference.Encode(p), 0, w));
            ExtendedPoint result = new();
            DoubleScalarMultiplier.Multiply(result, FieldReference.ToLittleEndian(s, 32), FieldReference.ToLittleEndian(k, 32), w.Key, w);
            PointEncoding.Encode(encoded, 0, result, w);

            (BigInteger X, BigInteger Y) expected = EdwardsReference.Add(EdwardsReference.Multiply(s, EdwardsReference.Base), EdwardsReference.Multiply(k, p));
            Assert.True(TestHex.Encode(EdwardsReference.Encode(expected)) == TestHex.Encode(encoded), $"seed {Seed}, case {n}");
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-003")]
    public void Small_order_list_is_the_whole_torsion_subgroup()
    {
        VerificationWorkspace w = new();
        HashSet<string> distinct = [];
        for (int i = 0; i < SmallOrderPoints.Count; i++)
        {
            byte[] encoding = SmallOrderPoints.Get(i);
            Assert.True(PointEncoding.TryDecode(w.Key, encoding, 0, w), TestHex.Encode(encoding));
            (BigInteger X, BigInteger Y) point = EdwardsReference.Affine(w.Key);

            Assert.True(EdwardsReference.IsOnCurve(point));
            Assert.Equal(EdwardsReference.Identity, EdwardsReference.Multiply(8, point));
            Assert.Equal(TestHex.Encode(encoding), TestHex.Encode(EdwardsReference.Encode(point)));
            distinct.Add(TestHex.Encode(encoding));
        }

        // The torsion subgroup of edwards25519 is cyclic of order 8: eight distinct points are all of them.
        Assert.Equal(8, distinct.Count);
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-002")]
    public void Decoding_round_trips_random_points_and_rejects_y_without_x()
    {
        Random random = new(Seed);
        VerificationWorkspace w = new();
        int rejected = 0;
        for (int n = 0; n < 200; n++)
        {
            byte[] bytes = new byte[32];
            random.NextBytes(bytes);
            bytes[31] &= 0x7F;
            BigInteger y = FieldReference.FromLittleEndian(bytes);
            BigInteger x2 = FieldReference.Mod((y * y - 1) * EdwardsReference.Inverse(EdwardsReference.D * y * y + 1));
            bool isSquare = x2.IsZero || BigInteger.ModPow(x2, (FieldReference.P - 1) / 2, FieldReference.P).IsOne;

            bool decoded = PointEncoding.TryDecode(w.Key, bytes, 0, w);

            Assert.True(isSquare == decoded, $"seed {Seed}, y {TestHex.Encode(bytes)}");
            if (decoded)
            {
                (BigInteger X, BigInteger Y) point = EdwardsReference.Affine(w.Key);
                Assert.True(EdwardsReference.IsOnCurve(point));
                Assert.Equal(TestHex.Encode(bytes), TestHex.Encode(EdwardsReference.Encode(point)));
                Assert.Equal(FieldReference.Mod(point.X * point.Y), FieldReference.Mod(FieldReference.ToInteger(w.Key.T) * EdwardsReference.Inverse(FieldReference.ToInteger(w.Key.Z))));
            }
            else
            {
                rejected++;
            }
        }

        Assert.InRange(rejected, 1, 199);
    }

    private static BigInteger RandomScalar(Random random)
    {
        byte[] bytes = new byte[32];
        random.NextBytes(bytes);
        return FieldReference.FromLittleEndian(bytes) % FieldReference.L;
    }
}
