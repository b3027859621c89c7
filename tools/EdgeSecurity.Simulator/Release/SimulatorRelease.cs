using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Signing.Bundles;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.TrustRoots;

namespace EdgeSecurity.Simulator.Release;

/// <summary>
/// A throw-away product release made with the signing library (as 'edgesec keys/root/bundle' would):
/// two root keys (threshold 2), two release keys (threshold 2), a signed trust root and one signed bundle
/// for <paramref name="HardwareClass"/>, and optionally later bundles signed by the same release keys (what
/// an over-the-air update offers). Keys live only in memory: for tests, benchmarks and the simulator.
/// </summary>
public sealed record SimulatorRelease(string HardwareClass, byte[] TrustRoot, byte[] Bundle)
{
    private const int FirstPayloadBytes = 6000;

    /// <summary>Bundles after <see cref="Bundle"/>: each one major version and one security counter higher.</summary>
    public IReadOnlyList<byte[]> Updates { get; init; } = [];

    /// <summary>With <c>rotation</c>: a later trust root that revokes one release key, and bundles to show it (null otherwise).</summary>
    public SimulatorRotation? Rotation { get; init; }

    /// <param name="updates">How many later bundles to sign (<see cref="Updates"/>).</param>
    /// <param name="updatePayloadBytes">Size of the application component of each update (the first bundle's is 6000 bytes).</param>
    /// <param name="rotation">
    /// Give the first root a third release key (signing nothing but <see cref="SimulatorRotation.RevokedKeyBundle"/>)
    /// and make <see cref="Rotation"/>: the next root, which adds a root key and revokes that release key.
    /// </param>
    public static SimulatorRelease Create(string hardwareClass, string version = "1.0.0", int updates = 0, int updatePayloadBytes = FirstPayloadBytes, bool rotation = false)
    {
        // 0, 1: root keys; 2, 3: release keys that sign every bundle; 4: the release key a rotation revokes; 5: the root key it adds.
        var keys = Enumerable.Range(0, 6).Select(_ => Ed25519PrivateKey.Generate()).ToArray();
        try
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Ed25519PublicKey[] releaseKeys = rotation ? [keys[2].PublicKey, keys[3].PublicKey, keys[4].PublicKey] : [keys[2].PublicKey, keys[3].PublicKey];
            var root = TrustRootBuilder.Create(1, now + (365L * 86400), [keys[0].PublicKey, keys[1].PublicKey], 2, releaseKeys, 2);
            var signedRoot = TrustRootFile.Unsigned(root).AddSignature(keys[0]).AddSignature(keys[1]).ToBytes();
            var parts = version.Split('.');
            var bundleVersion = new BundleVersion(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), 0);
            byte[] Sign(BundleVersion v, long counter, int payloadBytes, Ed25519PrivateKey[]? signers = null)
            {
                var spec = new BundleSpec(hardwareClass, v, counter, now - 60, now + (90L * 86400)) { ReleaseNotes = "simulated release" };
                BundleComponentSource[] components =
                [
                    new("app.pe", ComponentKind.ManagedAssembly, RandomNumberGenerator.GetBytes(payloadBytes)),
                    new("app.json", ComponentKind.Configuration, "{\"sampleRate\":10}"u8.ToArray()),
                ];
                return BundleFile.Create(spec, components, signers ?? [keys[2], keys[3]]).Bytes;
            }

            var later = Enumerable.Range(1, updates).Select(i => Sign(new BundleVersion(bundleVersion.Major + i, bundleVersion.Minor, bundleVersion.Patch, 0), 1 + i, updatePayloadBytes)).ToArray();
            SimulatorRotation? rotated = null;
            if (rotation)
            {
                var next = TrustRootBuilder.RevokeKey(TrustRootBuilder.Rotate(root, new TrustRootChanges { RootKeys = [keys[0].PublicKey, keys[1].PublicKey, keys[5].PublicKey] }), keys[4].PublicKey.KeyIdBytes);

                // Authorised by the current root's threshold (keys 0 and 1) and by its own (2 of 0, 1, 5).
                var signedNext = TrustRootFile.Unsigned(next).AddSignature(keys[0]).AddSignature(keys[1]).AddSignature(keys[5]).ToBytes();
                var after = new BundleVersion(bundleVersion.Major + updates + 1, bundleVersion.Minor, bundleVersion.Patch, 0);
                rotated = new SimulatorRotation(signedNext, next.Version, Sign(after, 2 + updates, FirstPayloadBytes, [keys[4], keys[2]]), Sign(after, 2 + updates, FirstPayloadBytes));
            }

            return new SimulatorRelease(hardwareClass, signedRoot, Sign(bundleVersion, 1, FirstPayloadBytes)) { Updates = later, Rotation = rotated };
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Writes trustroot.bin and app.esb into <paramref name="directory"/>; returns their paths.</summary>
    public (string TrustRootPath, string BundlePath) WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var trustRoot = Path.Combine(directory, "trustroot.bin");
        var bundle = Path.Combine(directory, "app.esb");
        File.WriteAllBytes(trustRoot, TrustRoot);
        File.WriteAllBytes(bundle, Bundle);
        return (trustRoot, bundle);
    }
}
