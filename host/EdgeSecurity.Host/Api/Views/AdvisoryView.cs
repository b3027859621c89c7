using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api.Views;

/// <summary>An advisory as the API shows it (docs/api.md).</summary>
public sealed record AdvisoryView(
    string Id, string Title, string Severity, string HardwareClass, IReadOnlyList<string> AffectedVersions, string FixedIn, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static AdvisoryView Of(AdvisoryRecord advisory)
    {
        ArgumentNullException.ThrowIfNull(advisory);
        return new(advisory.Id, advisory.Title, advisory.Severity, advisory.HardwareClass, advisory.AffectedVersions, advisory.FixedIn, advisory.CreatedBy,
            DateTimeOffset.FromUnixTimeMilliseconds(advisory.CreatedAtMs));
    }
}
