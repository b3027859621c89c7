using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeSecurity.Host.Export;

/// <summary>
/// An OCSF record as one RFC 5424 syslog message whose MSG is an ArcSight CEF event (docs/host.md "Syslog"):
/// <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME edgesec - MSGID - CEF:0|EdgeSecurity|EdgeSecurity|VERSION|CLASS:ACTIVITY|NAME|SEV|ext</c>.
/// </summary>
public static class CefSyslogFormatter
{
    /// <summary>Facility 13, "log audit" (RFC 5424 table 1).</summary>
    public const int Facility = 13;

    public static string Format(JsonObject ocsf, string hostName)
    {
        ArgumentNullException.ThrowIfNull(ocsf);
        var severityId = ocsf["severity_id"]?.GetValue<int>() ?? 0;

        // OCSF 1 Informational … 5 Critical → syslog 6 info … 2 crit.
        var syslogSeverity = severityId switch { 5 => 2, 4 => 3, 3 => 4, 2 => 5, _ => 6 };
        var cefSeverity = severityId switch { 5 => 10, 4 => 8, 3 => 5, 2 => 3, _ => 1 };
        var time = DateTimeOffset.FromUnixTimeMilliseconds(ocsf["time"]?.GetValue<long>() ?? 0).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var logName = ocsf["metadata"]?["log_name"]?.GetValue<string>() ?? "-";
        var signature = $"{ocsf["class_uid"]}:{ocsf["activity_id"]}";
        var name = $"{ocsf["class_name"]}: {ocsf["activity_name"]}";
        var version = ocsf["metadata"]?["product"]?["version"]?.GetValue<string>() ?? "0";
        var extension = new StringBuilder();
        Add(extension, "rt", ocsf["time"]?.ToString());
        Add(extension, "dvchost", ocsf["device"]?["uid"]?.GetValue<string>());
        Add(extension, "cat", ocsf["class_name"]?.GetValue<string>());
        Add(extension, "outcome", ocsf["status"]?.GetValue<string>());
        Add(extension, "externalId", ocsf["metadata"]?["uid"]?.GetValue<string>());
        Add(extension, "src", ocsf["src_endpoint"]?["ip"]?.GetValue<string>());
        Add(extension, "msg", ocsf["message"]?.GetValue<string>());
        var cef = $"CEF:0|{Header(OcsfMapper.ProductName)}|{Header(OcsfMapper.ProductName)}|{Header(version)}|{Header(signature)}|{Header(name)}|{cefSeverity}|{extension.ToString().TrimEnd()}";
        return $"<{(Facility * 8) + syslogSeverity}>1 {time} {Token(hostName)} edgesec - {Token(logName)} - {cef}";
    }

    // CEF header fields escape '\' and '|'; extension values escape '\', '=' and line breaks.
    private static string Header(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    private static void Add(StringBuilder extension, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        extension.Append(key).Append('=').Append(escaped).Append(' ');
    }

    // RFC 5424 header fields are printable US-ASCII without spaces, at most 48 characters for APP-NAME/HOSTNAME-like fields.
    private static string Token(string value)
    {
        var chars = value.Where(c => c is > ' ' and < (char)127).Take(48).ToArray();
        return chars.Length == 0 ? "-" : new string(chars);
    }
}
