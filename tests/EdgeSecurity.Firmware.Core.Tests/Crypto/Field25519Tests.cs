using System.Numerics;
using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

public sealed class Field25519Tests
{
    // The multiplication contract: inputs up to three reduced elements summed, |limb| <= 2^27.
    private const int MaxInputLimb = 1 << 27;

    private static readonly int Seed = Environment.TickCount;

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Multiply_and_squares_match_exact_arithmetic_at_the_limb_bound()
    {
        Random random = new(Seed);
        for (int n = 0; n < 2000; n++)
        {
            int bound = n % 2 == 0 ? MaxInputLimb : random.Next(1, MaxInputLimb);
            int[] f = FieldReference.RandomLimbs(random, bound);
            int[] g = FieldReference.RandomLimbs(random, bound);
            BigInteger fi = FieldReference.ToInteger(f);
            BigInteger gi = FieldReference.ToInteger(g);
            int[] h = Field25519.Create();

            Field25519.Multiply(h, f, g);
            Assert.True(FieldReference.Mod(fi * gi) == FieldReference.ToInteger(h), $"multiply, seed {Seed}");
            AssertReduced(h);

            Field25519.Square(h, f);
            Assert.True(FieldReference.Mod(fi * fi) == FieldReference.ToInteger(h), $"square, seed {Seed}");
            AssertReduced(h);

            Field25519.SquareDouble(h, f);
            Assert.True(FieldReference.Mod(2 * fi * fi) == FieldReference.ToInteger(h), $"square double, seed {Seed}");
            AssertReduced(h);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Worst_case_limbs_do_not_overflow()
    {
        int[] max = Enumerable.Repeat(MaxInputLimb, 10).ToArray();
        int[] min = Enumerable.Repeat(-MaxInputLimb, 10).ToArray();
        int[] h = Field25519.Create();
        foreach ((int[] f, int[] g) in new[] { (max, max), (min, min), (max, min) })
        {
            Field25519.Multiply(h, f, g);
            Assert.Equal(FieldReference.Mod(FieldReference.ToInteger(f) * FieldReference.ToInteger(g)), FieldReference.ToInteger(h));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Invert_and_root_exponent_match_exact_arithmetic()
    {
        Random random = new(Seed);
        int[] output = Field25519.Create();
        int[][] t = [Field25519.Create(), Field25519.Create(), Field25519.Create(), Field25519.Create()];
        for (int n = 0; n < 50; n++)
        {
            int[] z = FieldReference.RandomLimbs(random, 1 << 25);
            BigInteger zi = FieldReference.ToInteger(z);

            Field25519.Invert(output, z, t[0], t[1], t[2], t[3]);
            Assert.True(BigInteger.ModPow(zi, FieldReference.P - 2, FieldReference.P) == FieldReference.ToInteger(output), $"seed {Seed}");

            Field25519.PowPMinus5Over8(output, z, t[0], t[1], t[2], t[3]);
            Assert.True(BigInteger.ModPow(zi, (FieldReference.P - 5) / 8, FieldReference.P) == FieldReference.ToInteger(output), $"seed {Seed}");
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void ToBytes_writes_the_canonical_encoding_also_for_values_at_and_above_p()
    {
        Random random = new(Seed);
        byte[] bytes = new byte[32];
        List<int[]> inputs = [];
        for (int j = 0; j < 19 + 2; j++)
        {
            // p - 1, p, p + 1, ..., 2^255 - 1 written with canonical-width limbs (FromBytes keeps them as is).
            inputs.Add(LimbsOf(FieldReference.P - 1 + j));
        }

        for (int n = 0; n < 500; n++)
        {
            inputs.Add(FieldReference.RandomLimbs(random, MaxInputLimb));
        }

        foreach (int[] f in inputs)
        {
            Field25519.ToBytes(bytes, 0, f);
            Assert.True(FieldReference.ToInteger(f) == FieldReference.FromLittleEndian(bytes), $"seed {Seed}");
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void FromBytes_ignores_the_top_bit()
    {
        byte[] bytes = new byte[32];
        bytes[0] = 5;
        bytes[31] = 0x80;
        int[] f = Field25519.Create();

        Field25519.FromBytes(f, bytes, 0);

        Assert.Equal(new BigInteger(5), FieldReference.ToInteger(f));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Constants_are_d_2d_and_a_square_root_of_minus_one()
    {
        BigInteger d = FieldReference.Mod(-121665 * BigInteger.ModPow(121666, FieldReference.P - 2, FieldReference.P));

        Assert.Equal(d, FieldReference.ToInteger(Field25519.D));
        Assert.Equal(FieldReference.Mod(2 * d), FieldReference.ToInteger(Field25519.D2));
        BigInteger i = FieldReference.ToInteger(Field25519.SqrtMinusOne);
        Assert.Equal(FieldReference.P - 1, FieldReference.Mod(i * i));
    }

    private static int[] LimbsOf(BigInteger value)
    {
        // Exact limbs of value < 2^255 without reducing mod p.
        int[] shift = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];
        int[] limbs = new int[10];
        for (int i = 0; i < 10; i++)
        {
            int bits = i % 2 == 0 ? 26 : 25;
            limbs[i] = (int)((value >> shift[i]) & ((BigInteger.One << bits) - 1));
        }

        return limbs;
    }

    private static void AssertReduced(int[] h)
    {
        for (int i = 0; i < 10; i++)
        {
            Assert.InRange(h[i], -(1 << 26), 1 << 26);
        }
    }
}
