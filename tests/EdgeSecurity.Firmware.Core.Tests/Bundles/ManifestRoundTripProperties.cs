using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Digests;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Bundles;

public class ManifestRoundTripProperties
{
    private const string SafeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    public void Any_valid_manifest_round_trips_through_its_encoding()
    {
        Prop.ForAll(ManifestGen().ToArbitrary(), manifest =>
        {
            byte[] bytes = manifest.ToBytes();
            Manifest parsed = Manifest.Parse(bytes);
            Assert.Equal(bytes, parsed.ToBytes());
            Assert.Equal(manifest.HardwareClass, parsed.HardwareClass);
            Assert.Equal(manifest.Version, parsed.Version);
            Assert.Equal(manifest.SecurityCounter, parsed.SecurityCounter);
            Assert.Equal(manifest.ExpiresUnixSeconds, parsed.ExpiresUnixSeconds);
            Assert.Equal(manifest.ReleaseNotes, parsed.ReleaseNotes);
            Assert.Equal(manifest.ComponentCount, parsed.ComponentCount);
            for (int i = 0; i < manifest.ComponentCount; i++)
            {
                ComponentEntry a = manifest.GetComponent(i);
                ComponentEntry b = parsed.GetComponent(i);
                Assert.Equal((a.Name, a.Kind, a.Size, a.ChunkSize, a.ChunkCount), (b.Name, b.Kind, b.Size, b.ChunkSize, b.ChunkCount));
                Assert.Equal(a.ComponentDigest, b.ComponentDigest);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    private static Gen<string> Text(string alphabet, int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)
        select new string(chars);

    private static Gen<(string Name, ComponentKind Kind, int Size, int ChunkSize)> ComponentGen() =>
        from name in Text(SafeChars, 1, 20)
        from kind in Gen.Elements(ComponentKind.Configuration, ComponentKind.CertificateStore, ComponentKind.TrustStore, ComponentKind.Data)
        from log in Gen.Choose(10, 16)
        from chunks in Gen.Choose(0, 5)
        from tail in Gen.Choose(0, 1023)
        select (name, kind, Math.Max(0, (chunks << log) - tail), 1 << log);

    private static ComponentEntry Component(string name, ComponentKind kind, int size, int chunkSize)
    {
        // Random digests: the format, not the digest, is under test here.
        int count = EsHmacSha256V1.ChunkCount(size, chunkSize);
        return new ComponentEntry(name, kind, size, chunkSize, DigestAlgorithm.EsHmacSha256V1, BundleFixture.RandomBytes(32), BundleFixture.RandomBytes(count * 32));
    }

    private static Gen<Manifest> ManifestGen() =>
        from hardwareClass in Text(SafeChars, 1, Manifest.MaxHardwareClassLength)
        from major in Gen.Choose(0, 0xFFFF)
        from build in Gen.Choose(0, int.MaxValue)
        from counter in Gen.Choose(0, int.MaxValue)
        from created in Gen.Choose(0, int.MaxValue)
        from lifetime in Gen.Choose(1, int.MaxValue)
        from notes in Text(" !~azAZ09\n", 0, 200)
        from cves in Gen.ArrayOf(Text("ABCZ0189-", 1, Manifest.MaxCveLength)).Select(a => a.Take(Manifest.MaxCves).ToArray())
        from count in Gen.Choose(1, 6)
        from specs in Gen.ArrayOf(ComponentGen(), count)
        select new Manifest(
            BundleFixture.RandomBytes(16), hardwareClass, new BundleVersion(major, 0, 7, build), counter, created, (long)created + lifetime, notes, cves,
            specs.Select((c, i) => Component("c" + i + c.Name, c.Kind, c.Size, c.ChunkSize)).ToArray());
}
