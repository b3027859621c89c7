using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Tests.Identity;

/// <summary>Re-enrolment with --force starts a new key epoch and keeps the replaced key as its epoch's key.</summary>
[Trait("Requirement", "SR-ID-003")]
public sealed class KeyEpochStoreTests
{
    [Fact]
    public void Each_reenrolment_starts_a_new_epoch_and_keeps_the_replaced_key()
    {
        using var pki = new TempPki();
        var first = pki.Enroll("sensor-5");
        var epochZeroKey = EventKeyStore.Read(pki.Layout, "sensor-5");
        Assert.Contains("event_key_epoch=0\n", File.ReadAllText(Path.Combine(first.PackageDirectory, ProvisioningPackage.ConfigurationFile)), StringComparison.Ordinal);

        var second = pki.Enroll("sensor-5", force: true);
        var epochOneKey = EventKeyStore.Read(pki.Layout, "sensor-5");
        pki.Enroll("sensor-5", force: true);

        Assert.NotEqual(epochZeroKey, epochOneKey);
        Assert.Equal(epochZeroKey, EventKeyStore.ReadArchived(pki.Layout, "sensor-5", 0));
        Assert.Equal(epochOneKey, EventKeyStore.ReadArchived(pki.Layout, "sensor-5", 1));
        Assert.Null(EventKeyStore.ReadArchived(pki.Layout, "sensor-5", 2));
        Assert.Equal(2, FleetRegistryFile.Load(pki.Dir).Find("sensor-5")!.KeyEpoch);
        Assert.Contains("event_key_epoch=2\n", File.ReadAllText(Path.Combine(second.PackageDirectory, ProvisioningPackage.ConfigurationFile)), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, CertificateAssert.Mode(pki.Layout.EpochEventKey("sensor-5", 0)));
    }
}
