namespace EdgeSecurity.Host.Storage.Model;

/// <summary>
/// A device's health in one word, in the order the console shows them: the first that applies wins
/// (docs/console.md, "Fleet"). The console's device table applies the same rule to each row.
/// </summary>
public static class DeviceHealth
{
    public const string Compromised = "compromised";
    public const string Attention = "attention";
    public const string Silent = "silent";
    public const string Healthy = "healthy";
    public const string Revoked = "revoked";

    /// <summary>Every health, most urgent first.</summary>
    public static IReadOnlyList<string> All { get; } = [Compromised, Attention, Silent, Healthy, Revoked];

    /// <param name="revoked">Status revoked or a revocation time.</param>
    /// <param name="integrityViolated">The newest integrity check failed.</param>
    /// <param name="contained">In containment (posture "contained").</param>
    /// <param name="newAlert">An alert in status new.</param>
    /// <param name="seenRecently">Seen since the silence threshold.</param>
    public static string Of(bool revoked, bool integrityViolated, bool contained, bool newAlert, bool seenRecently) =>
        revoked ? Revoked
        : integrityViolated || contained ? Compromised
        : newAlert ? Attention
        : !seenRecently ? Silent
        : Healthy;
}
