using System.Text;
using Sha512 = EdgeSecurity.Firmware.Core.Crypto.Sha512;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

public sealed class Sha512Tests
{
    private static readonly int Seed = Environment.TickCount;

    // FIPS 180-4 example messages (NIST CSRC "SHA-512" examples) and their digests.
    [Theory]
    [InlineData("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")]
    [Trait("Requirement", "SR-CRYPTO-005")]
    public void Fips_example_digest(string message, string digest) =>
        Assert.Equal(digest, TestHex.Encode(Sha512.Hash(Encoding.ASCII.GetBytes(message))));

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-005")]
    public void Fips_one_million_a_fed_in_odd_chunks()
    {
        byte[] chunk = Enumerable.Repeat((byte)'a', 1000).ToArray();
        Sha512 sha = new();
        int fed = 0;
        int size = 1;
        while (fed < 1_000_000)
        {
            int count = Math.Min(size, 1_000_000 - fed);
            sha.Update(chunk, 0, count);
            fed += count;
            size = (size * 7 % 997) + 1;
        }

        Assert.Equal("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b", TestHex.Encode(sha.Finish()));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-005")]
    public void Matches_the_platform_at_every_length_around_block_and_padding_boundaries()
    {
        Random random = new(Seed);
        Sha512 sha = new();
        for (int length = 0; length <= 3 * 128 + 2; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            byte[] expected = System.Security.Cryptography.SHA512.HashData(data);

            Assert.True(expected.AsSpan().SequenceEqual(Sha512.Hash(data)), $"one-shot, length {length}, seed {Seed}");

            // Streamed in two random pieces through a reused instance (Finish resets it).
            int split = random.Next(length + 1);
            sha.Update(data, 0, split);
            sha.Update(data, split, length - split);
            Assert.True(expected.AsSpan().SequenceEqual(sha.Finish()), $"streamed, length {length}, split {split}, seed {Seed}");
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-005")]
    public void Matches_the_platform_on_random_lengths_and_offsets()
    {
        Random random = new(Seed);
        for (int n = 0; n < 300; n++)
        {
            byte[] buffer = new byte[random.Next(0, 5000)];
            random.NextBytes(buffer);
            int offset = random.Next(buffer.Length + 1);
            int count = random.Next(buffer.Length - offset + 1);
            Sha512 sha = new();
            sha.Update(buffer, offset, count);

            Assert.True(System.Security.Cryptography.SHA512.HashData(buffer.AsSpan(offset, count)).AsSpan().SequenceEqual(sha.Finish()), $"case {n}, seed {Seed}");
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-005")]
    public void Reset_discards_data_fed_before()
    {
        Sha512 sha = new();
        sha.Update([1, 2, 3], 0, 3);
        sha.Reset();
        sha.Update(Encoding.ASCII.GetBytes("abc"), 0, 3);

        Assert.Equal(TestHex.Encode(Sha512.Hash(Encoding.ASCII.GetBytes("abc"))), TestHex.Encode(sha.Finish()));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, -1)]
    [InlineData(3, 2)]
    [InlineData(0, 5)]
    [Trait("Requirement", "SR-CRYPTO-005")]
    public void Update_rejects_a_range_outside_the_array_and_keeps_its_state(int offset, int count)
    {
        Sha512 sha = new();
        sha.Update([0x61], 0, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => sha.Update(new byte[4], offset, count));
        sha.Update([0x62, 0x63], 0, 2);
        Assert.Equal(TestHex.Encode(Sha512.Hash(Encoding.ASCII.GetBytes("abc"))), TestHex.Encode(sha.Finish()));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-005")]
    public void Null_data_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => new Sha512().Update(null!, 0, 0));
        Assert.Throws<ArgumentNullException>(() => Sha512.Hash(null!));
    }
}
