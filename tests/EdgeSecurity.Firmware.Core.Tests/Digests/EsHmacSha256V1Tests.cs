using System.Buffers.Binary;
using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Platform.Crypto;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Digests;

public class EsHmacSha256V1Tests
{
    private static readonly HmacSha256MacPrimitive Mac = new();

    // The key as docs/formats/digest.md publishes it, typed independently of the implementation.
    private static readonly byte[] PublishedKey = Convert.FromHexString("456467655365637572697479" + "2f45532d484d41432d5348413235362d5631");

    [Fact]
    public void Key_is_the_published_ASCII_text()
    {
        Assert.Equal(PublishedKey, EsHmacSha256V1.GetKey());
        Assert.Equal("EdgeSecurity/ES-HMAC-SHA256-V1", System.Text.Encoding.ASCII.GetString(PublishedKey));
    }

    [Theory]
    [InlineData(0, 1024)]
    [InlineData(1, 1024)]
    [InlineData(1023, 1024)]
    [InlineData(1024, 1024)]
    [InlineData(1025, 1024)]
    [InlineData(10_000, 4096)]
    [InlineData(65_536 * 3, 65_536)]
    [Trait("Requirement", "SR-FMT-004")]
    public void Component_digest_matches_an_independent_computation(int size, int chunkSize)
    {
        byte[] content = RandomNumberGenerator.GetBytes(size);
        byte[] chunkDigests = EsHmacSha256V1.ChunkDigests(Mac, content, chunkSize);
        Assert.Equal(Independent.ChunkDigests(content, chunkSize), chunkDigests);
        Assert.Equal(Independent.ComponentDigest(content, chunkSize), EsHmacSha256V1.ComponentDigest(Mac, size, chunkSize, chunkDigests));
    }

    [Fact]
    public void Component_digest_matches_for_random_sizes_and_chunk_sizes()
    {
        Gen<(int, int)> gen = from log in Gen.Choose(10, 13) from size in Gen.Choose(0, 5 << log) select (size, 1 << log);
        Prop.ForAll(gen.ToArbitrary(), sc =>
        {
            (int size, int chunkSize) = sc;
            byte[] content = RandomNumberGenerator.GetBytes(size);
            byte[] chunks = EsHmacSha256V1.ChunkDigests(Mac, content, chunkSize);
            Assert.Equal(Independent.ComponentDigest(content, chunkSize), EsHmacSha256V1.ComponentDigest(Mac, size, chunkSize, chunks));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public void Chunk_hasher_gives_the_same_digest_for_full_and_short_chunks()
    {
        var hasher = new ChunkHasher(Mac, 1024);
        byte[] data = RandomNumberGenerator.GetBytes(1024);
        foreach (int count in new[] { 1024, 1000, 1 })
        {
            Array.Copy(data, 0, hasher.Buffer, ChunkHasher.DataOffset, count);
            Assert.Equal(Independent.Leaf(data.AsSpan(0, count)), hasher.Digest(count));
        }
    }

    [Fact]
    public void Leaf_list_and_key_inputs_are_domain_separated()
    {
        // A chunk whose bytes equal a component-digest input must not give that component's digest.
        byte[] chunkDigests = EsHmacSha256V1.ChunkDigests(Mac, new byte[10], 1024);
        byte[] component = EsHmacSha256V1.ComponentDigest(Mac, 10, 1024, chunkDigests);
        byte[] listInput = [.. new byte[] { 10, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 1, 0, 0, 0 }, .. chunkDigests];
        Assert.NotEqual(component, EsHmacSha256V1.ChunkDigest(Mac, listInput, 0, listInput.Length));
        Assert.NotEqual(component, HMACSHA256.HashData(PublishedKey, listInput));
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(4096, true)]
    [InlineData(65536, true)]
    [InlineData(512, false)]
    [InlineData(3000, false)]
    [InlineData(131072, false)]
    public void Chunk_sizes_are_powers_of_two_between_1_KiB_and_64_KiB(int chunkSize, bool valid)
    {
        Assert.Equal(valid, EsHmacSha256V1.IsValidChunkSize(chunkSize));
    }

    /// <summary>docs/formats/digest.md written out with System.Security.Cryptography only.</summary>
    private static class Independent
    {
        public static byte[] Leaf(ReadOnlySpan<byte> chunk)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, PublishedKey);
            hmac.AppendData([0x00]);
            hmac.AppendData(chunk);
            return hmac.GetHashAndReset();
        }

        public static byte[] ChunkDigests(byte[] content, int chunkSize) =>
            content.Chunk(chunkSize).SelectMany(c => Leaf(c)).ToArray();

        public static byte[] ComponentDigest(byte[] content, int chunkSize)
        {
            byte[] leaves = ChunkDigests(content, chunkSize);
            byte[] header = new byte[17];
            header[0] = 0x01;
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(1), (ulong)content.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(9), (uint)chunkSize);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(13), (uint)(leaves.Length / 32));
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, PublishedKey);
            hmac.AppendData(header);
            hmac.AppendData(leaves);
            return hmac.GetHashAndReset();
        }
    }
}
