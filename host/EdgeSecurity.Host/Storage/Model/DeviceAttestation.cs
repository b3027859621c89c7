namespace EdgeSecurity.Host.Storage.Model;

/// <summary>One challenge the host sent (docs/attestation.md): its nonce in lowercase hex, single use until its deadline.</summary>
public sealed record AttestationChallenge(string NonceHex, string DeviceId, long IssuedAtMs, long DeadlineAtMs);

/// <summary>What presenting a nonce found (docs/attestation.md, "Nonces").</summary>
public enum ChallengeRedemption
{
    /// <summary>Issued to this device, unanswered and within its deadline: now used.</summary>
    Fresh = 0,

    /// <summary>The host never issued it (or forgot it long ago).</summary>
    Unknown = 1,

    /// <summary>Already answered once.</summary>
    AlreadyUsed = 2,

    /// <summary>Issued to this device, unanswered, but its deadline has passed.</summary>
    Expired = 3,

    /// <summary>Issued to another device.</summary>
    OtherDevice = 4,
}

/// <summary>How the attested journal head compares with the chain the host stored (docs/attestation.md, "Binding to the chain").</summary>
public static class ChainCheckNames
{
    /// <summary>The host holds the attested head record and its MAC is the attested one.</summary>
    public const string Consistent = "consistent";

    /// <summary>The head was ahead of the host's chain: checked when the records arrive.</summary>
    public const string Pending = "pending";

    /// <summary>The chain passed the attested head without the host ever receiving that record (evicted on the device, an explained gap).</summary>
    public const string Unresolved = "unresolved";
}

/// <summary>The latest attestation outcome of a device (the API's <c>attestation.state</c>).</summary>
public static class AttestationStates
{
    public const string Never = "never";
    public const string Verified = "verified";
    public const string Late = "late";
    public const string Failed = "failed";
    public const string Contradiction = "contradiction";
}

/// <summary>The values of a verified answer (docs/formats/attestation.md §2); digests and MACs in lowercase hex.</summary>
public sealed record AttestedPosture(
    int KeyEpoch,
    long BootCount,
    int BootMode,
    int RunningSlot,
    bool Trial,
    string BundleDigestHex,
    long BundleCounter,
    long ConfirmedCounter,
    int Containment,
    int Integrity,
    long JournalHeadSequence,
    string JournalHeadMacHex,
    long UptimeMs);

/// <summary>
/// A device's attestation record: its latest outcome, when it last proved its posture, the posture it proved then
/// (unchanged by later failures) and the state of the journal-head check of that answer.
/// </summary>
public sealed record DeviceAttestation(
    string DeviceId,
    string State,
    long StateAtMs,
    string? StateDetail,
    long? LastChallengeAtMs,
    long? NextChallengeAtMs,
    long? LastAttestedAtMs,
    AttestedPosture? Posture,
    string? ChainCheck);
