using EdgeSecurity.Firmware.Core.Attestation;

namespace EdgeSecurity.Firmware.Core.Tests.Attestation;

/// <summary>A fixed, fully populated answer: every field distinct, so a field written in the wrong place shows.</summary>
internal static class AttestationSamples
{
    public static byte[] Nonce() => Enumerable.Range(0xA0, 16).Select(i => (byte)i).ToArray();

    public static AttestationEvidence Evidence() => new()
    {
        BootCount = 7,
        BootMode = 1,
        RunningSlot = 2,
        IsTrial = true,
        BundleDigest = Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray(),
        BundleCounter = 5,
        ConfirmedCounter = 4,
        Containment = 1,
        IntegrityResult = 2,
        IntegrityCheckedAtUptimeMs = 1234,
        JournalHeadSequence = (1L << 40) + 17,
        JournalHeadMac = Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray(),
        UptimeMs = 98765,
    };

    public static AttestationAnswer Answer(string deviceId = "sensor-0001", int epoch = 1) => new(Nonce(), deviceId, epoch, Evidence());
}
