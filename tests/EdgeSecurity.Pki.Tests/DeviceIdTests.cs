using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Pki.Registry;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Pki.Tests;

public sealed class DeviceIdTests
{
    [Theory]
    [Trait("Requirement", "SR-PKI-006")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("+")]
    [InlineData("dev+")]
    [InlineData("dev#")]
    [InlineData("../etc")]
    [InlineData("dev.1")]
    [InlineData("Dev-1")]
    [InlineData("-dev")]
    [InlineData("dev 1")]
    [InlineData("dev\n1")]
    [InlineData("dev\n")]
    [InlineData("dev\\1")]
    [InlineData("dev%u")]
    [InlineData("$SYS")]
    [InlineData("dévice")]
    public void Ids_that_could_inject_wildcards_separators_or_paths_are_rejected(string id)
    {
        Assert.False(DeviceId.IsValid(id));
        Assert.Throws<PkiException>(() => DeviceId.Validate(id));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-006")]
    public void Length_is_limited_to_63_characters()
    {
        Assert.True(DeviceId.IsValid(new string('a', 63)));
        Assert.False(DeviceId.IsValid(new string('a', 64)));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-006")]
    public void Every_accepted_id_is_safe_as_topic_level_file_name_and_acl_user()
    {
        var property = Prop.ForAll(ArbMap.Default.ArbFor<string>(), candidate =>
        {
            if (!DeviceId.IsValid(candidate))
            {
                return true;
            }

            return candidate.Length is >= 1 and <= 63
                && candidate.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
                && candidate[0] != '-'
                && DeviceTopics.TryGetDeviceId(DeviceTopics.For(candidate, DeviceTopics.Events), DeviceTopics.Events, out string back)
                && back == candidate;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-006")]
    public void Ids_built_from_the_allowed_alphabet_are_accepted()
    {
        var alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray();
        var ids = from first in Gen.Elements(alphabet.Where(c => c != '-').ToArray())
                  from rest in Gen.ArrayOf(Gen.Elements(alphabet)).Where(r => r.Length <= 62)
                  select first + new string(rest);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(ids.ToArbitrary(), DeviceId.IsValid));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-006")]
    public void An_invalid_id_in_a_batch_changes_no_state()
    {
        using var pki = new TempPki();
        byte[] before = File.ReadAllBytes(pki.Layout.Registry);

        Assert.Throws<PkiException>(() => pki.Enroll(["good-1", "Bad/2"]));

        Assert.Equal(before, File.ReadAllBytes(pki.Layout.Registry));
        Assert.Empty(FleetRegistryFile.Load(pki.Dir).Devices);
        Assert.False(Directory.Exists(pki.Layout.DefaultPackagesDirectory) && Directory.EnumerateFileSystemEntries(pki.Layout.DefaultPackagesDirectory).Any());
    }

    [Fact]
    public void Batch_ids_are_zero_padded_and_widen_for_large_counts()
    {
        Assert.Equal(["dev-0007", "dev-0008"], DeviceId.Batch("dev-", 2, start: 7));
        Assert.Equal("dev-10000", DeviceId.Batch("dev-", 2, start: 9999)[1]);
        Assert.Throws<PkiException>(() => DeviceId.Batch("Dev-", 1));
        Assert.Throws<PkiException>(() => DeviceId.Batch("dev-", 0));
    }
}
