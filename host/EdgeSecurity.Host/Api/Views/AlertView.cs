using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api.Views;

/// <summary>An alert as the API shows it: severity and status by name, with their numbers beside them for scripts.</summary>
public sealed record AlertView(
    long Id,
    string Rule,
    string DeviceId,
    string Severity,
    int SeverityLevel,
    string Title,
    string Detail,
    string Status,
    int StatusCode,
    long CreatedAtMs,
    long UpdatedAtMs,
    string? Assignee,
    IReadOnlyList<long> EventSequences)
{
    public static AlertView Of(AlertRecord a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new AlertView(
            a.Id, a.Rule, a.DeviceId, SeverityNames.NameOf(a.Severity), a.Severity, a.Title, a.Detail,
            AlertStatusNames.NameOf(a.Status), (int)a.Status, a.CreatedAtMs, a.UpdatedAtMs, a.Assignee, a.EventSequences);
    }
}
