using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EdgeSecurity.Firmware.Nano.Tests.Support;

/// <summary>A nanoFramework project file (the ESP32 application's, or one of the core's libraries) and its packages.config, as data.</summary>
internal sealed partial class Esp32Project
{
    private Esp32Project(IReadOnlyList<HintedReference> references, IReadOnlyDictionary<string, string> packages)
    {
        References = references;
        Packages = packages;
    }

    public IReadOnlyList<HintedReference> References { get; }

    /// <summary>Package id → version, from packages.config.</summary>
    public IReadOnlyDictionary<string, string> Packages { get; }

    /// <summary>The core's device assemblies' projects (firmware/nano/), as paths below the repository.</summary>
    public static IReadOnlyList<string[]> CoreLibraries { get; } =
    [
        ["firmware", "nano", "EdgeSecurity.Firmware.Core.Primitives", "EdgeSecurity.Firmware.Core.Primitives.nfproj"],
        ["firmware", "nano", "EdgeSecurity.Firmware.Core", "EdgeSecurity.Firmware.Core.nfproj"],
    ];

    public static Esp32Project Load() => Load("firmware", "EdgeSecurity.Firmware.Esp32", "EdgeSecurity.Firmware.Esp32.nfproj");

    public static Esp32Project Load(params string[] projectPath)
    {
        var file = Repository.PathOf(projectPath);
        var folder = Path.GetDirectoryName(file)!;
        var project = XDocument.Load(file);
        var references = project.Descendants().Where(e => e.Name.LocalName == "Reference")
            .Select(e => HintedReference.Parse(
                (string?)e.Attribute("Include") ?? string.Empty,
                e.Elements().FirstOrDefault(h => h.Name.LocalName == "HintPath")?.Value ?? string.Empty))
            .ToArray();
        var packages = XDocument.Load(Path.Combine(folder, "packages.config")).Descendants("package")
            .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!, StringComparer.Ordinal);
        return new Esp32Project(references, packages);
    }

    [GeneratedRegex(@"^(\.\.\\)+packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\(?<file>[A-Za-z0-9.]+\.dll)$")]
    private static partial Regex HintPathPattern();

    /// <summary>A Reference item: its name and what its hint path says (package id, version, file in lib\).</summary>
    internal sealed record HintedReference(string Include, string HintPath, string? PackageId, string? PackageVersion, string? FileName)
    {
        public static HintedReference Parse(string include, string hintPath)
        {
            var match = HintPathPattern().Match(hintPath);
            return match.Success
                ? new HintedReference(include, hintPath, match.Groups["id"].Value, match.Groups["version"].Value, match.Groups["file"].Value)
                : new HintedReference(include, hintPath, null, null, null);
        }
    }
}
