using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Host.Attestation;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Attestation;

/// <summary>The binding of an attested state to the stored chain, case by case (docs/attestation.md, "Binding to the chain").</summary>
public sealed class ChainBindingTests
{
    private static readonly byte[] HeadMac = Enumerable.Repeat((byte)7, 32).ToArray();

    private static AttestationEvidence Evidence(long head, byte[]? mac = null, long boot = 4, int slot = 1, long counter = 3) => new()
    {
        BootCount = boot,
        BootMode = 1,
        RunningSlot = slot,
        BundleDigest = new byte[16],
        BundleCounter = counter,
        JournalHeadSequence = head,
        JournalHeadMac = mac ?? HeadMac,
        IntegrityCheckedAtUptimeMs = -1,
    };

    private static SecurityEventRecord Record(long seq, byte[] mac, long boot = 4, string fields = "{}") =>
        new("d1", seq, boot, 0, true, 0, 0x0101, "boot-verification", 0, fields, [1], mac, 0);

    [Fact]
    [Trait("Requirement", "SR-ATT-007")]
    public void At_the_host_head_the_mac_must_match()
    {
        var head = new ChainHead("d1", 10, HeadMac);

        Assert.Equal((ChainCheckNames.Consistent, null), ChainBinding.CheckHead(Evidence(10), head, null));
        var (check, contradiction) = ChainBinding.CheckHead(Evidence(10, new byte[32]), head, null);
        Assert.Null(check);
        Assert.Contains("another MAC", contradiction, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-007")]
    public void An_empty_journal_matches_only_a_host_that_holds_nothing()
    {
        Assert.Equal(ChainCheckNames.Consistent, ChainBinding.CheckHead(Evidence(0, new byte[32]), null, null).ChainCheck);
        Assert.NotNull(ChainBinding.CheckHead(Evidence(0, new byte[32]), new ChainHead("d1", 3, HeadMac), null).Contradiction);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-007")]
    public void Ahead_is_deferred_and_behind_is_a_contradiction_even_with_a_matching_record()
    {
        var head = new ChainHead("d1", 10, HeadMac);

        Assert.Equal((ChainCheckNames.Pending, null), ChainBinding.CheckHead(Evidence(11), head, null));
        var (check, contradiction) = ChainBinding.CheckHead(Evidence(9), head, Record(9, HeadMac));
        Assert.Null(check);
        Assert.Contains("behind the chain", contradiction, StringComparison.Ordinal);
        Assert.Contains("records after it are missing", contradiction, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-007")]
    public void A_deferred_check_settles_on_the_record_that_arrived_or_stays_unresolved_without_one()
    {
        Assert.Equal((ChainCheckNames.Consistent, null), ChainBinding.SettleDeferred(11, HeadMac, Record(11, HeadMac)));
        Assert.NotNull(ChainBinding.SettleDeferred(11, HeadMac, Record(11, new byte[32])).Contradiction);
        Assert.Equal((ChainCheckNames.Unresolved, null), ChainBinding.SettleDeferred(11, HeadMac, null));
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-008")]
    public void The_attested_boot_must_agree_with_that_boots_record()
    {
        const string fields = """{"5":"A","8":3}""";

        Assert.Null(ChainBinding.CheckBoot(Evidence(1), null));
        Assert.Null(ChainBinding.CheckBoot(Evidence(1, boot: 5), Record(2, HeadMac, boot: 4, fields: fields)));
        Assert.Null(ChainBinding.CheckBoot(Evidence(1), Record(2, HeadMac, fields: fields)));
        Assert.Contains("boot record says slot A counter 3", ChainBinding.CheckBoot(Evidence(1, slot: 2), Record(2, HeadMac, fields: fields)), StringComparison.Ordinal);
        Assert.NotNull(ChainBinding.CheckBoot(Evidence(1, counter: 4), Record(2, HeadMac, fields: fields)));
        Assert.Contains("already holds the boot record of boot 5", ChainBinding.CheckBoot(Evidence(1, boot: 4), Record(2, HeadMac, boot: 5, fields: fields)), StringComparison.Ordinal);
    }
}
