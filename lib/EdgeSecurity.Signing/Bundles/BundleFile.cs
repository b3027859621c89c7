using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.Platform;

namespace EdgeSecurity.Signing.Bundles;

/// <summary>
/// A bundle container file in memory, opened with the core's reader. Creating and signing go through
/// here; signing appends a signature and never changes the manifest or payload bytes, so key holders on
/// different machines can sign the same bundle in turn.
/// </summary>
public sealed class BundleFile
{
    private const string StorageName = "bundle.esb";

    private BundleFile(byte[] bytes, BundleContainer container)
    {
        Bytes = bytes;
        Container = container;
    }

    /// <summary>The whole file.</summary>
    public byte[] Bytes { get; }

    public BundleContainer Container { get; }

    public SignedManifest SignedManifest => Container.SignedManifest;

    public Manifest Manifest => Container.SignedManifest.Manifest;

    public IReadOnlyList<SignatureEntry> Signatures => EnvelopeSigning.Of(SignedManifest.Envelope);

    /// <summary>Opens container bytes; throws the core's <see cref="MalformedDataException"/> for bad structure.</summary>
    public static BundleFile Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new BundleFile(bytes, BundleContainer.Open(new SingleFileStorage(StorageName, bytes), StorageName));
    }

    public static BundleFile Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>
    /// Builds a bundle and signs it with <paramref name="signers"/> (at least one: the format has no
    /// unsigned bundles). A fresh random bundle id is drawn for each bundle.
    /// </summary>
    public static BundleFile Create(BundleSpec spec, IReadOnlyList<BundleComponentSource> components, IReadOnlyList<Ed25519PrivateKey> signers)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(signers);
        if (signers.Count == 0)
        {
            throw new SigningException("A bundle needs at least one signature when it is created; give a release key.");
        }

        var entries = components
            .Select(c => ComponentEntry.FromContent(CoreCrypto.Mac, c.Name, c.Kind, c.Content, spec.ChunkSize))
            .ToArray();
        var manifest = new Manifest(
            RandomNumberGenerator.GetBytes(Manifest.BundleIdLength),
            spec.HardwareClass,
            spec.Version,
            spec.SecurityCounter,
            spec.CreatedUnixSeconds,
            spec.ExpiresUnixSeconds,
            spec.ReleaseNotes,
            [.. spec.FixedCves],
            entries);
        var manifestBytes = manifest.ToBytes();
        var signatures = new List<SignatureEntry>();
        foreach (var signer in signers)
        {
            signatures = [.. EnvelopeSigning.Append(signatures, signer, SigningContext.GetManifestPrefix(), manifestBytes, "bundle")];
        }

        var signed = SignedManifest.Create(manifestBytes, [.. signatures]);
        return Parse(BundleContainer.Encode(signed, [.. components.Select(c => c.Content)]));
    }

    /// <summary>This bundle with one more signature by <paramref name="key"/>; manifest and payloads unchanged.</summary>
    public BundleFile AddSignature(Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var manifestBytes = SignedManifest.Envelope.GetPayload();
        var signatures = EnvelopeSigning.Append(Signatures, key, SigningContext.GetManifestPrefix(), manifestBytes, "bundle");
        var header = BundleContainer.EncodeHeader(SignedManifest.Create(manifestBytes, signatures));
        return Parse([.. header, .. Bytes.AsSpan(Container.HeaderLength)]);
    }

    /// <summary>
    /// Every check a device makes before accepting this bundle (the core's <see cref="BundleVerifier"/>,
    /// with the core's Ed25519): signatures against <paramref name="trustRoot"/>, expiry, hardware class,
    /// security counter, and every component chunk.
    /// </summary>
    /// <param name="displayName">How messages name the bundle (the user's file name); default "bundle.esb".</param>
    public static BundleVerification Verify(byte[] bundleBytes, TrustRoot trustRoot, string hardwareClass, long minimumSecurityCounter, long nowUnixSeconds, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(bundleBytes);
        var verifier = new BundleVerifier(CoreCrypto.Verifier, CoreCrypto.Mac);
        var name = string.IsNullOrEmpty(displayName) ? StorageName : displayName;
        return verifier.VerifyContainer(new SingleFileStorage(name, bundleBytes), name, trustRoot, hardwareClass, minimumSecurityCounter, nowUnixSeconds);
    }

    /// <summary>Whether one signature of this bundle verifies under <paramref name="key"/> (for inspection).</summary>
    public bool SignatureVerifies(SignatureEntry signature, TrustedKey key)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(key);
        return signature.Algorithm == key.Algorithm
            && CoreCrypto.Verifier.Verify(key.PublicKey, SigningContext.GetManifestPrefix(), SignedManifest.Envelope.GetPayload(), signature.Signature);
    }
}
