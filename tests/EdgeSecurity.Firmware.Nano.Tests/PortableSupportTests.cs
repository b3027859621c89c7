using System.Security.Cryptography;
using EdgeSecurity.Firmware.PortableCases.Support;
using EdgeSecurity.Firmware.PortableVectors;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Nano.Tests;

/// <summary>The test-only pieces the nanoCLR run relies on, checked against .NET.</summary>
public class PortableSupportTests
{
    [Fact]
    public void Managed_hmac_sha256_equals_dotnet_for_any_key_and_data()
    {
        var mac = new ManagedHmacSha256();
        Prop.ForAll<byte[], byte[]>((key, data) => mac.HmacSha256(key, data).AsSpan().SequenceEqual(HMACSHA256.HashData(key, data)))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Managed_sha256_equals_dotnet_across_block_boundaries()
    {
        for (var length = 0; length < 300; length++)
        {
            var data = RandomNumberGenerator.GetBytes(length);
            Assert.Equal(SHA256.HashData(data), Sha256.Hash(data, 0, length));
        }
    }

    [Fact]
    public void In_memory_flash_lists_in_ordinal_order_and_renames_over_the_target()
    {
        var flash = new InMemoryFlash(1024);
        flash.Write("b/2", 0, [1, 2, 3], 0, 3);
        flash.Write("b/10", 0, [4], 0, 1);
        flash.Write("a/1", 2, [9], 0, 1);
        flash.Rename("b/10", "b/2");

        Assert.Equal(["b/2"], flash.List("b/"));
        Assert.Equal(1, flash.GetLength("b/2"));
        Assert.Equal(3, flash.GetLength("a/1"));
        Assert.Equal(1024 - 4, flash.FreeBytes);
        var buffer = new byte[4];
        Assert.Equal(0, flash.Read("a/1", 3, buffer, 0, 4));
        Assert.Equal(-1, flash.GetLength("b/10"));
    }

    [Fact]
    public void Vector_text_and_generated_source_carry_the_same_vectors()
    {
        var lines = VectorGenerator.Generate(1_767_225_600);
        var vectors = VectorSet.Parse(string.Join('\n', lines));
        var source = VectorFiles.ToCSharp(lines);

        Assert.Equal(lines.Count, vectors.Count);
        Assert.Equal(1_767_225_600, vectors.Number("now"));
        Assert.Empty(vectors.Bytes("ed.0.msg"));
        for (var i = 0; i < vectors.Count; i++)
        {
            Assert.Contains("\"" + vectors.NameAt(i) + "\"", source, StringComparison.Ordinal);
        }

        var firstKey = vectors.Bytes("ed.0.pk");
        Assert.Contains("new byte[] { 0x" + firstKey[0].ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + ", 0x" + firstKey[1].ToString("x2", System.Globalization.CultureInfo.InvariantCulture), source, StringComparison.Ordinal);
    }
}
