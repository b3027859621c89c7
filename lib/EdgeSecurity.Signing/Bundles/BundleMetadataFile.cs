using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSecurity.Signing.Bundles;

/// <summary>
/// The optional `.bundle.json` in a bundle's source folder: kinds for files whose extension says
/// nothing, release notes and fixed CVEs. Example:
/// <c>{ "components": { "model.tflite": "data" }, "releaseNotes": "...", "fixedCves": ["CVE-2026-1234"] }</c>.
/// </summary>
public sealed class BundleMetadataFile
{
    public const string FileName = ".bundle.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Component file name → kind name (assembly, config, certificates, trust-store, data).</summary>
    public Dictionary<string, string> Components { get; init; } = new(StringComparer.Ordinal);

    public string? ReleaseNotes { get; init; }

    public List<string> FixedCves { get; init; } = [];

    public static BundleMetadataFile Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<BundleMetadataFile>(File.ReadAllBytes(path), Options)
                ?? throw new SigningException($"Bundle metadata '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new SigningException($"Bundle metadata '{path}' is not valid: {e.Message}", e);
        }
    }
}
