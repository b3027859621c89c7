using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Serialization;

namespace EdgeSecurity.Firmware.Core.Tests.Bundles;

public class ManifestFormatTests
{
    private readonly BundleFixture _bundle = new();

    [Fact]
    public void Manifest_round_trips_every_field()
    {
        Manifest parsed = Manifest.Parse(_bundle.ManifestBytes);
        Manifest original = _bundle.Manifest;
        Assert.Equal(original.BundleId, parsed.BundleId);
        Assert.Equal(BundleFixture.HardwareClass, parsed.HardwareClass);
        Assert.Equal("1.4.2.1234", parsed.Version.ToString());
        Assert.Equal(BundleFixture.SecurityCounter, parsed.SecurityCounter);
        Assert.Equal(BundleFixture.Created, parsed.CreatedUnixSeconds);
        Assert.Equal(BundleFixture.Expires, parsed.ExpiresUnixSeconds);
        Assert.Equal(original.ReleaseNotes, parsed.ReleaseNotes);
        Assert.Equal("CVE-2026-10001", parsed.GetFixedCve(0));
        Assert.Equal(3, parsed.ComponentCount);
        ComponentEntry app = parsed.FindComponent("app.pe")!;
        Assert.Equal(ComponentKind.ManagedAssembly, app.Kind);
        Assert.Equal(5000, app.Size);
        Assert.Equal(2, app.ChunkCount);
        Assert.Equal(original.GetComponent(0).ComponentDigest, app.ComponentDigest);
        Assert.Equal(original.GetComponent(0).GetChunkDigest(1), app.GetChunkDigest(1));
        Assert.Equal(0, parsed.GetComponent(2).ChunkCount);
        Assert.Equal(_bundle.ManifestBytes, parsed.ToBytes());
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    [Trait("Requirement", "SR-FMT-002")]
    public void Manifest_parser_accepts_or_rejects_cleanly_under_mutation()
    {
        ParserRobustness.Check(_bundle.ManifestBytes, bytes => Manifest.Parse(bytes).ToBytes());
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    [Trait("Requirement", "SR-FMT-002")]
    public void Signed_manifest_parser_accepts_or_rejects_cleanly_under_mutation()
    {
        ParserRobustness.Check(_bundle.Sign().ToBytes(), bytes => SignedManifest.Parse(bytes).ToBytes());
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    public void Random_bytes_never_escape_as_another_exception()
    {
        var random = new Random(1234);
        for (int i = 0; i < 2000; i++)
        {
            byte[] noise = new byte[random.Next(0, 300)];
            random.NextBytes(noise);
            if (noise.Length >= 6 && i % 2 == 0)
            {
                "ESMF"u8.CopyTo(noise);
                noise[4] = 1;
                noise[5] = 0;
            }

            ParserRobustness.AcceptsOrRejectsCleanly(noise, bytes => Manifest.Parse(bytes).ToBytes());
        }
    }

    [Theory]
    [InlineData("../app.pe", MalformedReason.InvalidText)]
    [InlineData("dir/app.pe", MalformedReason.InvalidText)]
    [InlineData("..", MalformedReason.InvalidText)]
    [InlineData(".hidden.pe", MalformedReason.InvalidText)]
    [InlineData("app.dll", MalformedReason.Inconsistent)]
    [InlineData("", MalformedReason.LengthOutOfRange)]
    [Trait("Requirement", "SR-FMT-003")]
    public void Unsafe_component_names_are_rejected(string name, MalformedReason reason)
    {
        var e = Assert.Throws<MalformedDataException>(() => ComponentEntry.FromContent(BundleFixture.Mac, name, ComponentKind.ManagedAssembly, [1, 2, 3], 1024));
        Assert.Equal(reason, e.Reason);
        Assert.Contains("name", e.Field, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-003")]
    public void Unsafe_name_in_encoded_bytes_is_rejected_by_the_parser()
    {
        byte[] bytes = _bundle.ManifestBytes;
        int at = IndexOf(bytes, "data1.bin"u8.ToArray());
        bytes[at + 4] = (byte)'/';
        var e = Assert.Throws<MalformedDataException>(() => Manifest.Parse(bytes));
        Assert.Equal(MalformedReason.InvalidText, e.Reason);
        Assert.Equal("manifest.components[1].name", e.Field);
    }

    [Fact]
    public void Component_names_must_differ_in_more_than_case()
    {
        ComponentEntry a = ComponentEntry.FromContent(BundleFixture.Mac, "Config.bin", ComponentKind.Configuration, [1], 1024);
        ComponentEntry b = ComponentEntry.FromContent(BundleFixture.Mac, "config.bin", ComponentKind.Configuration, [2], 1024);
        Assert.Equal(MalformedReason.DuplicateEntry, Assert.Throws<MalformedDataException>(() => BundleFixture.NewManifest([a, b])).Reason);
    }

    [Theory]
    [InlineData(ComponentEntry.MaxSize + 1, 65536, MalformedReason.LengthOutOfRange)]
    [InlineData(1000, 3000, MalformedReason.ValueOutOfRange)]
    [InlineData(1000, 512, MalformedReason.ValueOutOfRange)]
    [InlineData(2 * 1024 * 1024, 1024, MalformedReason.CountOutOfRange)]
    [Trait("Requirement", "SR-FMT-002")]
    public void Component_size_and_chunking_are_bounded(int size, int chunkSize, MalformedReason reason)
    {
        var e = Assert.Throws<MalformedDataException>(() => new ComponentEntry("big.bin", ComponentKind.Data, size, chunkSize, DigestAlgorithm.EsHmacSha256V1, new byte[32], []));
        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-002")]
    public void Component_count_is_bounded()
    {
        ComponentEntry[] many = Enumerable.Range(0, Manifest.MaxComponents + 1)
            .Select(i => ComponentEntry.FromContent(BundleFixture.Mac, "c" + i, ComponentKind.Data, [], 1024)).ToArray();
        Assert.Equal(MalformedReason.CountOutOfRange, Assert.Throws<MalformedDataException>(() => BundleFixture.NewManifest(many)).Reason);
        Assert.Equal(Manifest.MaxComponents, BundleFixture.NewManifest(many[..Manifest.MaxComponents]).ComponentCount);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-002")]
    public void Manifest_size_is_bounded()
    {
        // Three components of 1024 chunks each carry 96 KiB of chunk digests: more than 64 KiB.
        ComponentEntry[] big = Enumerable.Range(0, 3)
            .Select(i => new ComponentEntry("c" + i, ComponentKind.Data, 1024 * 1024, 1024, DigestAlgorithm.EsHmacSha256V1, new byte[32], new byte[1024 * 32])).ToArray();
        Assert.Equal(MalformedReason.LengthOutOfRange, Assert.Throws<MalformedDataException>(() => BundleFixture.NewManifest(big)).Reason);
        Assert.Equal(MalformedReason.LengthOutOfRange, Assert.Throws<MalformedDataException>(() => Manifest.Parse(new byte[Manifest.MaxEncodedLength + 1])).Reason);
    }

    [Fact]
    public void Expiry_must_follow_creation()
    {
        ComponentEntry c = ComponentEntry.FromContent(BundleFixture.Mac, "a.bin", ComponentKind.Data, [1], 1024);
        Assert.Equal(MalformedReason.Inconsistent, Assert.Throws<MalformedDataException>(() => BundleFixture.NewManifest([c], expires: BundleFixture.Created)).Reason);
    }

    [Theory]
    [InlineData(MalformedReason.TrailingBytes)]
    [InlineData(MalformedReason.BadMagic)]
    [InlineData(MalformedReason.UnsupportedVersion)]
    [InlineData(MalformedReason.Truncated)]
    public void Structural_damage_has_its_own_reason(MalformedReason reason)
    {
        byte[] bytes = _bundle.ManifestBytes;
        byte[] damaged = reason switch
        {
            MalformedReason.TrailingBytes => [.. bytes, 0],
            MalformedReason.BadMagic => [(byte)'X', .. bytes[1..]],
            MalformedReason.UnsupportedVersion => [.. bytes[..4], 2, 0, .. bytes[6..]],
            _ => bytes[..^1],
        };
        Assert.Equal(reason, Assert.Throws<MalformedDataException>(() => Manifest.Parse(damaged)).Reason);
    }

    [Fact]
    public void Versions_compare_numerically_field_by_field()
    {
        Assert.True(new BundleVersion(1, 10, 0, 0).CompareTo(new BundleVersion(1, 9, 99, 99)) > 0);
        Assert.True(new BundleVersion(1, 2, 3, 4).CompareTo(new BundleVersion(1, 2, 3, 5)) < 0);
        Assert.Equal(0, new BundleVersion(1, 2, 3, 4).CompareTo(new BundleVersion(1, 2, 3, 4)));
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
