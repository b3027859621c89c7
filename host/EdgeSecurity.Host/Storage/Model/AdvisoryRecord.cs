namespace EdgeSecurity.Host.Storage.Model;

/// <summary>A security advisory an operator recorded: which versions of a hardware class's bundle are affected and
/// which version fixes it (docs/metrics.md). Never changed once recorded.</summary>
/// <param name="Id">The advisory's public id, e.g. ESA-2026-001.</param>
/// <param name="Severity">low, medium, high or critical.</param>
public sealed record AdvisoryRecord(
    string Id,
    string Title,
    string Severity,
    string HardwareClass,
    IReadOnlyList<string> AffectedVersions,
    string FixedIn,
    string CreatedBy,
    long CreatedAtMs);
