using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace EdgeSecurity.SubsetCheck;

/// <summary>
/// Finds the .NET reference assemblies (the Microsoft.NETCore.App.Ref targeting pack) that match the running
/// runtime, so sources are bound against the same public surface a build uses, without hard-coding a version.
/// </summary>
public static class ReferenceAssemblies
{
    private const string PackName = "Microsoft.NETCore.App.Ref";

    private static readonly Lazy<IReadOnlyList<MetadataReference>> Cached = new(Load);

    /// <summary>Metadata references to every assembly of the targeting pack; loaded once per process.</summary>
    public static IReadOnlyList<MetadataReference> All => Cached.Value;

    /// <summary>The ref/netX.Y folder of the newest installed targeting pack for the running runtime's major version.</summary>
    /// <exception cref="InvalidOperationException">No matching targeting pack is installed under any candidate dotnet root.</exception>
    public static string FindDirectory() => FindDirectory(CandidateDotnetRoots().ToList(), Environment.Version);

    /// <summary>The ref/netX.Y folder of the newest targeting pack for <paramref name="runtimeVersion"/>'s major version under the first root that has one.</summary>
    internal static string FindDirectory(IReadOnlyList<string> roots, Version runtimeVersion)
    {
        var framework = string.Format(CultureInfo.InvariantCulture, "net{0}.{1}", runtimeVersion.Major, runtimeVersion.Minor);
        foreach (var root in roots)
        {
            var packRoot = Path.Combine(root, "packs", PackName);
            if (!Directory.Exists(packRoot))
            {
                continue;
            }

            var newest = Directory.GetDirectories(packRoot)
                .Select(dir => (dir, version: ParseVersion(Path.GetFileName(dir))))
                .Where(pack => pack.version is not null && pack.version.Major == runtimeVersion.Major)
                .Select(pack => (refDir: Path.Combine(pack.dir, "ref", framework), pack.version))
                .Where(pack => Directory.Exists(pack.refDir))
                .OrderByDescending(pack => pack.version)
                .FirstOrDefault();
            if (newest.refDir is not null)
            {
                return newest.refDir;
            }
        }

        throw new InvalidOperationException(
            $"No {PackName} targeting pack for {framework} was found under {string.Join(", ", roots)}. " +
            "Install the .NET SDK that matches the runtime, or set DOTNET_ROOT to the dotnet installation that has it.");
    }

    private static IReadOnlyList<MetadataReference> Load()
    {
        var directory = FindDirectory();
        return Directory.GetFiles(directory, "*.dll")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }

    /// <summary>DOTNET_ROOT first (an explicit choice wins), then the installation of the running runtime, then the host executable's folder.</summary>
    private static IEnumerable<string> CandidateDotnetRoots()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var explicitRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(explicitRoot) && seen.Add(Path.GetFullPath(explicitRoot)))
        {
            yield return Path.GetFullPath(explicitRoot);
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ holds the running runtime.
        var runtimeDirectory = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var runtimeRoot = runtimeDirectory.Parent?.Parent?.Parent;
        if (runtimeRoot is not null && seen.Add(runtimeRoot.FullName))
        {
            yield return runtimeRoot.FullName;
        }

        var host = Environment.ProcessPath;
        var hostDirectory = host is null ? null : Path.GetDirectoryName(host);
        if (hostDirectory is not null && seen.Add(hostDirectory))
        {
            yield return hostDirectory;
        }
    }

    private static Version? ParseVersion(string? name)
    {
        // Preview packs are named like 10.0.0-rc.1.25451.107; compare on the numeric part.
        var numeric = name?.Split('-')[0];
        return Version.TryParse(numeric, out var version) ? version : null;
    }
}
