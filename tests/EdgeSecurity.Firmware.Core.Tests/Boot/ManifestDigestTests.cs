using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Boot;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// The identity a slot record binds to (docs/boot.md): the first 16 bytes of SHA-512 over the signed manifest,
/// checked here against the platform's own SHA-512, and compared only as two digests of exactly that length.
/// </summary>
public sealed class ManifestDigestTests
{
    private static readonly byte[] Manifest = [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))];

    [Fact]
    [Trait("Requirement", "SR-BOOT-012")]
    public void The_digest_is_the_first_16_bytes_of_sha512_over_the_signed_manifest()
    {
        Assert.Equal(SHA512.HashData(Manifest).AsSpan(0, 16).ToArray(), ManifestDigest.Of(Manifest));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-012")]
    public void Only_two_equal_digests_of_the_digest_length_are_equal()
    {
        var digest = ManifestDigest.Of(Manifest);
        Assert.True(ManifestDigest.AreEqual(digest, (byte[])digest.Clone()));

        var other = (byte[])digest.Clone();
        other[15] ^= 1;
        Assert.False(ManifestDigest.AreEqual(digest, other));
        Assert.False(ManifestDigest.AreEqual(digest, null!));
        Assert.False(ManifestDigest.AreEqual(null!, digest));

        // A record holding a shorter or longer value (a truncated or padded digest) vouches for nothing, even
        // when both sides hold the same bytes.
        foreach (var length in new[] { 0, 15, 17, 64 })
        {
            var a = new byte[length];
            Assert.False(ManifestDigest.AreEqual(a, (byte[])a.Clone()), $"{length} bytes");
            Assert.False(ManifestDigest.AreEqual(a, new byte[16]), $"{length} bytes against 16");
            Assert.False(ManifestDigest.AreEqual(new byte[16], a), $"16 bytes against {length}");
        }
    }
}
