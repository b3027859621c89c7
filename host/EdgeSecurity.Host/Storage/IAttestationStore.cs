using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>
/// Challenges, nonces and attested postures (docs/attestation.md). Every state change is one conditional write,
/// so several host instances sharing the database never use a nonce twice or report one late twice.
/// </summary>
public interface IAttestationStore
{
    /// <summary>Records a new challenge and when the device is next due (the scheduler's jittered interval).</summary>
    Task IssueChallengeAsync(AttestationChallenge challenge, long nextChallengeAtMs, CancellationToken cancellationToken);

    /// <summary>Uses the nonce if it is fresh for <paramref name="deviceId"/>; otherwise changes nothing and says why not.</summary>
    Task<ChallengeRedemption> RedeemChallengeAsync(string deviceId, string nonceHex, long nowMs, CancellationToken cancellationToken);

    /// <summary>Marks every unanswered challenge past its deadline as late and returns those this call marked (each exactly once).</summary>
    Task<IReadOnlyList<AttestationChallenge>> ClaimOverdueChallengesAsync(long nowMs, CancellationToken cancellationToken);

    /// <summary>Stores a verified posture: state verified, last attested now.</summary>
    Task RecordVerifiedAsync(string deviceId, AttestedPosture posture, string chainCheck, long atMs, CancellationToken cancellationToken);

    /// <summary>Records a failed outcome (late, failed, contradiction) without touching the last verified posture.</summary>
    Task RecordOutcomeAsync(string deviceId, string state, string detail, long atMs, CancellationToken cancellationToken);

    /// <summary>Settles a pending journal-head check of the answer whose head was <paramref name="headSequence"/>.</summary>
    Task<bool> ResolveChainCheckAsync(string deviceId, long headSequence, string chainCheck, CancellationToken cancellationToken);

    /// <summary>Attestation records of every device, or of <paramref name="deviceId"/> only, keyed by device id.</summary>
    Task<IReadOnlyDictionary<string, DeviceAttestation>> ListAsync(string? deviceId, CancellationToken cancellationToken);

    /// <summary>Attestation records of the devices whose ids lie from <paramref name="firstDeviceId"/> to <paramref name="lastDeviceId"/> (one page of the device list).</summary>
    Task<IReadOnlyDictionary<string, DeviceAttestation>> ListAsync(string firstDeviceId, string lastDeviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Gives every active device without an attestation record one (state never) whose first challenge is at
    /// <paramref name="firstChallengeAtMs"/>() — the scheduler spreads them over one interval, so a host starting on a
    /// large fleet does not challenge it in one burst. Returns how many were added.
    /// </summary>
    Task<int> ScheduleNewDevicesAsync(Func<long> firstChallengeAtMs, CancellationToken cancellationToken);

    /// <summary>Active devices whose next challenge is due at <paramref name="nowMs"/>.</summary>
    Task<IReadOnlyList<string>> ListDueDevicesAsync(long nowMs, CancellationToken cancellationToken);
}
