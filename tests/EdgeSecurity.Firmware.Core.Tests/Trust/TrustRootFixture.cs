using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Trust;

/// <summary>Builds trust roots with freshly generated root and release keys.</summary>
internal sealed class TrustRootFixture
{
    public const long FarFuture = 4_102_444_800; // 2100-01-01

    public TrustRootFixture(int rootKeys = 3, int rootThreshold = 2, int releaseKeys = 3, int releaseThreshold = 2)
    {
        RootSigners = NewSigners(rootKeys);
        ReleaseSigners = NewSigners(releaseKeys);
        RootThreshold = rootThreshold;
        ReleaseThreshold = releaseThreshold;
    }

    public TestSigner[] RootSigners { get; }

    public TestSigner[] ReleaseSigners { get; }

    public int RootThreshold { get; }

    public int ReleaseThreshold { get; }

    public static TestSigner[] NewSigners(int count) => Enumerable.Range(0, count).Select(_ => new TestSigner()).ToArray();

    public TrustRoot Build(long version = 1, long expires = FarFuture, byte[][]? revoked = null, TestSigner[]? extraKeys = null)
    {
        TestSigner[] all = RootSigners.Concat(ReleaseSigners).Concat(extraKeys ?? []).ToArray();
        return new TrustRoot(
            version,
            expires,
            all.Select(s => s.TrustedKey).ToArray(),
            [
                new TrustRole(TrustRoleNames.Root, RootThreshold, RootSigners.Select(s => s.KeyId).ToArray()),
                new TrustRole(TrustRoleNames.Release, ReleaseThreshold, ReleaseSigners.Select(s => s.KeyId).ToArray()),
            ],
            revoked ?? []);
    }

    public static SignedTrustRoot Sign(TrustRoot root, params TestSigner[] signers)
    {
        byte[] bytes = root.ToBytes();
        return SignedTrustRoot.Create(bytes, signers.Select(s => s.SignTrustRoot(bytes)).ToArray());
    }
}
