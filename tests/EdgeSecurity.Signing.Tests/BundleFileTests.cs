using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Signing.Bundles;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.TrustRoots;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Signing.Tests;

public sealed class BundleFileTests : IDisposable
{
    private const string HardwareClass = "esp32-test";
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private readonly Ed25519PrivateKey _rootKey = Ed25519PrivateKey.Generate();
    private readonly Ed25519PrivateKey[] _releaseKeys = [Ed25519PrivateKey.Generate(), Ed25519PrivateKey.Generate()];
    private readonly Firmware.Core.Trust.TrustRoot _root;

    public BundleFileTests()
    {
        _root = TrustRootBuilder.Create(1, Now + 86_400, [_rootKey.PublicKey], 1, [.. _releaseKeys.Select(k => k.PublicKey)], 2);
    }

    public void Dispose()
    {
        _rootKey.Dispose();
        foreach (var key in _releaseKeys)
        {
            key.Dispose();
        }
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-006")]
    public void Signing_in_turn_never_changes_the_manifest_or_payload_bytes()
    {
        var once = CreateBundle(_releaseKeys[0]);
        var twice = BundleFile.Parse(once.AddSignature(_releaseKeys[1]).Bytes);

        Assert.Equal(once.SignedManifest.Envelope.GetPayload(), twice.SignedManifest.Envelope.GetPayload());
        Assert.Equal(once.Bytes.AsSpan(once.Container.HeaderLength).ToArray(), twice.Bytes.AsSpan(twice.Container.HeaderLength).ToArray());
        Assert.Equal(BundleFailure.ThresholdNotMet, Verify(once).Failure);
        Assert.True(Verify(twice).IsValid, Verify(twice).Message);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-006")]
    public void Any_flipped_bit_of_a_valid_bundle_is_rejected_by_the_device_checks()
    {
        var valid = CreateBundle(_releaseKeys);
        Assert.True(Verify(valid).IsValid);
        var property = Prop.ForAll(
            Gen.Choose(0, valid.Bytes.Length - 1).ToArbitrary(),
            Gen.Choose(0, 7).ToArbitrary(),
            (position, bit) =>
            {
                var tampered = (byte[])valid.Bytes.Clone();
                tampered[position] ^= (byte)(1 << bit);
                var result = BundleFile.Verify(tampered, _root, HardwareClass, 0, Now);
                return !result.IsValid && result.Message.Length > 0;
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Fact]
    public void Component_kinds_come_from_extensions_or_the_metadata_file()
    {
        using var directory = new TempDirectory();
        File.WriteAllBytes(directory.File("App.pe"), [1, 2, 3]);
        File.WriteAllBytes(directory.File("model.tflite"), [4]);
        File.WriteAllBytes(directory.File("ca.pem"), [5]);
        File.WriteAllText(directory.File(BundleMetadataFile.FileName), "{ \"components\": { \"model.tflite\": \"data\" }, \"fixedCves\": [\"CVE-2026-0001\"] }");

        var metadata = BundleMetadataFile.Load(directory.File(BundleMetadataFile.FileName));
        var components = BundleSource.FromFolder(directory.Path, metadata);

        Assert.Equal(["App.pe", "ca.pem", "model.tflite"], components.Select(c => c.Name));
        Assert.Equal([ComponentKind.ManagedAssembly, ComponentKind.CertificateStore, ComponentKind.Data], components.Select(c => c.Kind));
        Assert.Equal(["CVE-2026-0001"], metadata.FixedCves);
    }

    [Fact]
    public void A_file_of_unknown_kind_is_named_with_how_to_declare_it()
    {
        using var directory = new TempDirectory();
        File.WriteAllBytes(directory.File("model.tflite"), [4]);

        var error = Assert.Throws<SigningException>(() => BundleSource.FromFolder(directory.Path, new BundleMetadataFile()));

        Assert.Contains("model.tflite", error.Message, StringComparison.Ordinal);
        Assert.Contains(BundleMetadataFile.FileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_cannot_be_created_without_a_signer()
    {
        Assert.Throws<SigningException>(() => BundleFile.Create(Spec(), Components(), []));
    }

    private BundleFile CreateBundle(params Ed25519PrivateKey[] signers) => BundleFile.Create(Spec(), Components(), signers);

    private static BundleSpec Spec() => new(HardwareClass, new BundleVersion(1, 0, 0, 0), 3, Now, Now + 3_600) { ChunkSize = 1024 };

    private static List<BundleComponentSource> Components() =>
    [
        new("App.pe", ComponentKind.ManagedAssembly, RandomNumberGenerator.GetBytes(3_000)),
        new("settings.json", ComponentKind.Configuration, "{}"u8.ToArray()),
    ];

    private BundleVerification Verify(BundleFile bundle) => BundleFile.Verify(bundle.Bytes, _root, HardwareClass, 0, Now);
}
