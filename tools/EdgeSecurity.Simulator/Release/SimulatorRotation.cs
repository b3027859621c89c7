namespace EdgeSecurity.Simulator.Release;

/// <summary>
/// A trust-root rotation of a <see cref="SimulatorRelease"/>: the next root (a root key added, one release key
/// revoked, signed by a threshold of the old and of the new root keys) and two bundles one version above the
/// release's updates: one signed with the revoked key and a remaining one (a threshold before the rotation,
/// not after), one signed by the remaining release keys.
/// </summary>
public sealed record SimulatorRotation(byte[] TrustRoot, long Version, byte[] RevokedKeyBundle, byte[] RemainingKeysBundle);
