using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api.Views;

/// <summary>
/// A device's posture attestation as the API shows it (docs/api.md, "Device posture"): the latest outcome
/// (never, verified, late, failed, contradiction), and the values the device last proved, unchanged by
/// later failures.
/// </summary>
public sealed record AttestationView(string State, DateTimeOffset? StateAt, string? Detail, DateTimeOffset? LastChallengeAt, string? ChainCheck, AttestedValuesView? Attested)
{
    public static AttestationView Of(DeviceAttestation? record) => record is null
        ? new(AttestationStates.Never, null, null, null, null, null)
        : new(
            record.State,
            DateTimeOffset.FromUnixTimeMilliseconds(record.StateAtMs),
            record.StateDetail,
            record.LastChallengeAtMs is { } challenged ? DateTimeOffset.FromUnixTimeMilliseconds(challenged) : null,
            record.ChainCheck,
            record.Posture is { } p ? AttestedValuesView.Of(p) : null);
}

/// <summary>The attested values, named as elsewhere in the API (slot "A"/"B"/"none", integrity "ok"/"violated").</summary>
public sealed record AttestedValuesView(
    int KeyEpoch,
    long BootCount,
    string BootMode,
    string RunningSlot,
    bool Trial,
    string BundleDigest,
    long SecurityCounter,
    long ConfirmedCounter,
    string Containment,
    string Integrity,
    long JournalHeadSequence,
    string JournalHeadMac,
    long UptimeMs)
{
    public static AttestedValuesView Of(AttestedPosture p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(
            p.KeyEpoch,
            p.BootCount,
            p.BootMode switch { 1 => "run", 2 => "contained", _ => "safe-mode" },
            BootSlot.Name(p.RunningSlot),
            p.Trial,
            p.BundleDigestHex,
            p.BundleCounter,
            p.ConfirmedCounter,
            p.Containment switch { 0 => "none", 1 => "report-only", _ => "contained" },
            p.Integrity switch { 0 => "not-checked", 1 => "ok", _ => "violated" },
            p.JournalHeadSequence,
            p.JournalHeadMacHex,
            p.UptimeMs);
    }
}
