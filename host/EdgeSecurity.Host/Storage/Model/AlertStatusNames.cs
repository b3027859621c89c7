using System.Globalization;

namespace EdgeSecurity.Host.Storage.Model;

/// <summary>The names of alert statuses in the API, the CLI and the audit log.</summary>
public static class AlertStatusNames
{
    /// <summary>Every status by name.</summary>
    public static IReadOnlyDictionary<string, AlertStatus> ByName { get; } = new Dictionary<string, AlertStatus>(StringComparer.Ordinal)
    {
        ["new"] = AlertStatus.New,
        ["acknowledged"] = AlertStatus.Acknowledged,
        ["resolved"] = AlertStatus.Resolved,
        ["false-positive"] = AlertStatus.FalsePositive,
    };

    public static string NameOf(AlertStatus status) =>
        ByName.FirstOrDefault(pair => pair.Value == status).Key ?? "status-" + ((int)status).ToString(CultureInfo.InvariantCulture);
}
