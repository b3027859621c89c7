using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Host.Metrics;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>Validates the body of POST /advisories: every field checked before anything is stored, each
/// refusal naming the field and what it accepts.</summary>
internal static partial class AdvisoryRequest
{
    public const int MaxTitleLength = 200;
    public const int MaxAffectedVersions = 100;

    public static readonly IReadOnlyList<string> Severities = ["low", "medium", "high", "critical"];

    public static AdvisoryRecord Parse(JsonElement body, string actor, long nowMs)
    {
        JsonBody.OnlyFields(body, "id", "title", "severity", "hardwareClass", "affectedVersions", "fixedIn");
        var id = JsonBody.RequiredString(body, "id");
        if (!IdPattern().IsMatch(id))
        {
            throw new ApiParameterException("id", $"Invalid 'id' value '{ApiValues.Printable(id)}': use 3 to 64 letters, digits and '-', starting with a letter (e.g. ESA-2026-001).");
        }

        var title = JsonBody.RequiredString(body, "title").Trim();
        if (title.Length is 0 or > MaxTitleLength || title.Any(char.IsControl))
        {
            throw new ApiParameterException("title", $"Field 'title' must be 1 to {MaxTitleLength} characters of text without control characters.");
        }

        var severity = JsonBody.RequiredString(body, "severity");
        if (!Severities.Contains(severity, StringComparer.Ordinal))
        {
            throw new ApiParameterException("severity", $"Invalid 'severity' value '{ApiValues.Printable(severity)}': use one of {string.Join(", ", Severities)}.");
        }

        var hardwareClass = JsonBody.RequiredString(body, "hardwareClass");
        try
        {
            AsciiText.Validate(hardwareClass, 1, Manifest.MaxHardwareClassLength, AsciiCharacterSet.SafeName, "hardwareClass");
        }
        catch (MalformedDataException)
        {
            throw new ApiParameterException(
                "hardwareClass", $"Invalid 'hardwareClass' value '{ApiValues.Printable(hardwareClass)}': 1 to {Manifest.MaxHardwareClassLength} letters, digits, '.', '_' or '-', as in the bundle manifest.");
        }

        var fixedIn = Version(JsonBody.RequiredString(body, "fixedIn"), "fixedIn");
        var affected = AffectedVersions(body, fixedIn);
        return new AdvisoryRecord(id, title, severity, hardwareClass, affected, fixedIn, actor, nowMs);
    }

    private static List<string> AffectedVersions(JsonElement body, string fixedIn)
    {
        if (!body.TryGetProperty("affectedVersions", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ApiParameterException("affectedVersions", "The body needs 'affectedVersions': an array of version strings, e.g. [\"1.2.0\"].");
        }

        var count = list.GetArrayLength();
        if (count is 0 or > MaxAffectedVersions)
        {
            throw new ApiParameterException("affectedVersions", $"'affectedVersions' must list 1 to {MaxAffectedVersions} versions.");
        }

        var versions = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            var version = item.ValueKind == JsonValueKind.String
                ? Version(item.GetString()!, "affectedVersions")
                : throw new ApiParameterException("affectedVersions", $"'affectedVersions' holds a {item.ValueKind.ToString().ToLowerInvariant()}: list version strings only.");
            if (versions.Any(v => FirmwareVersionOrder.Compare(v, version) == 0))
            {
                throw new ApiParameterException("affectedVersions", $"'affectedVersions' names {version} twice.");
            }

            if (FirmwareVersionOrder.Compare(version, fixedIn) >= 0)
            {
                throw new ApiParameterException("affectedVersions", $"Affected version {version} is not older than the fixed-in version {fixedIn}: remove it from 'affectedVersions' (a version cannot be both).");
            }

            versions.Add(version);
        }

        return versions;
    }

    private static string Version(string value, string field) =>
        FirmwareVersionOrder.TryParse(value, out _)
            ? value
            : throw new ApiParameterException(field, $"Invalid version '{ApiValues.Printable(value)}' in '{field}': use {FirmwareVersionOrder.Description}.");

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
