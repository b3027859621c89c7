using System.Numerics;
using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

public sealed class Scalar25519Tests
{
    private static readonly int Seed = Environment.TickCount;

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void ReduceWide_matches_exact_arithmetic()
    {
        Random random = new(Seed);
        byte[] output = new byte[32];
        long[] scratch = new long[Scalar25519.WideLimbs];
        List<byte[]> inputs = [new byte[64], Enumerable.Repeat((byte)0xFF, 64).ToArray(), FieldReference.ToLittleEndian(FieldReference.L, 64), FieldReference.ToLittleEndian(FieldReference.L - 1, 64), FieldReference.ToLittleEndian(FieldReference.L * 2, 64)];
        for (int n = 0; n < 2000; n++)
        {
            byte[] input = new byte[64];
            random.NextBytes(input);
            inputs.Add(input);
        }

        foreach (byte[] input in inputs)
        {
            Scalar25519.ReduceWide(output, input, scratch);
            Assert.True(FieldReference.FromLittleEndian(input) % FieldReference.L == FieldReference.FromLittleEndian(output), $"seed {Seed}, input {TestHex.Encode(input)}");
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-002")]
    public void IsCanonical_accepts_exactly_the_values_below_L()
    {
        Assert.True(Scalar25519.IsCanonical(new byte[32], 0));
        Assert.True(Scalar25519.IsCanonical(FieldReference.ToLittleEndian(FieldReference.L - 1, 32), 0));
        Assert.False(Scalar25519.IsCanonical(FieldReference.ToLittleEndian(FieldReference.L, 32), 0));
        Assert.False(Scalar25519.IsCanonical(FieldReference.ToLittleEndian(FieldReference.L + 1, 32), 0));
        Assert.False(Scalar25519.IsCanonical(Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [Trait("Requirement", "SR-CRYPTO-001")]
    public void Signed_digits_reconstruct_the_scalar_with_the_window_properties(int width)
    {
        Random random = new(Seed);
        sbyte[] digits = new sbyte[256];
        List<BigInteger> scalars = [BigInteger.Zero, BigInteger.One, FieldReference.L - 1, (BigInteger.One << 253) - 1];
        for (int n = 0; n < 1000; n++)
        {
            byte[] bytes = new byte[32];
            random.NextBytes(bytes);
            bytes[31] &= 0x1F;
            scalars.Add(FieldReference.FromLittleEndian(bytes));
        }

        foreach (BigInteger scalar in scalars)
        {
            Scalar25519.ToNonAdjacentForm(digits, FieldReference.ToLittleEndian(scalar, 32), width);

            BigInteger sum = BigInteger.Zero;
            int lastNonZero = -width;
            for (int i = 0; i < 256; i++)
            {
                if (digits[i] == 0)
                {
                    continue;
                }

                Assert.True(digits[i] % 2 != 0 && Math.Abs((int)digits[i]) < 1 << (width - 1), $"digit {digits[i]} at {i}, seed {Seed}");
                Assert.True(i - lastNonZero >= width, $"digits too close at {i}, seed {Seed}");
                lastNonZero = i;
                sum += new BigInteger(digits[i]) << i;
            }

            Assert.True(scalar == sum, $"seed {Seed}, scalar {scalar}");
        }
    }
}
