using System.Xml.Linq;

namespace EdgeSecurity.Requirements.Tests.Architecture;

/// <summary>
/// Reads the project graph from the project files themselves (.csproj, and the ESP32 application's
/// .nfproj), so a reference added anywhere is seen without anyone updating a list.
/// </summary>
internal static class ProjectGraph
{
    private static readonly string[] ProjectFilePatterns = ["*.csproj", "*.nfproj"];

    public static IReadOnlyList<ProjectEdge> Load(string repositoryRoot)
    {
        var root = Path.GetFullPath(repositoryRoot);
        var edges = new List<ProjectEdge>();
        foreach (var projectFile in ProjectFiles(root))
        {
            var projectDirectory = Path.GetDirectoryName(projectFile)!;
            var from = Relative(root, projectDirectory);
            var document = XDocument.Load(projectFile);
            foreach (var item in document.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "Compile"))
            {
                var include = (string?)item.Attribute("Include");
                if (include is null)
                {
                    continue;
                }

                var target = ProjectFolderOf(root, Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(projectDirectory, FixedPrefix(include)))));
                if (target is not null && target != from)
                {
                    edges.Add(new ProjectEdge(from, target, item.Name.LocalName));
                }
            }
        }

        return edges;
    }

    private static IEnumerable<string> ProjectFiles(string root) =>
        ProjectFilePatterns
            .SelectMany(pattern => Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories))
            .Where(path => !IsBuildOutput(Relative(root, path)))
            .Order(StringComparer.Ordinal);

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split('/').Any(segment => segment is "bin" or "obj" || segment.StartsWith('.'));

    /// <summary>
    /// The part of an include before its first wildcard or MSBuild property ("../Core/**/*.cs" → "../Core/",
    /// "$(VectorsDirectory)/*.cs" → ""), with '/' separators: what can be resolved without evaluating MSBuild.
    /// </summary>
    private static string FixedPrefix(string include)
    {
        var normalized = include.Replace('\\', '/');
        var wildcard = normalized.IndexOfAny(['*', '?']);
        var property = normalized.IndexOf("$(", StringComparison.Ordinal);
        var cut = wildcard < 0 ? property : property < 0 ? wildcard : Math.Min(wildcard, property);
        return cut < 0 ? normalized : normalized[..cut];
    }

    /// <summary>The folder of the nearest project file at or above <paramref name="path"/>; null outside the repository.</summary>
    private static string? ProjectFolderOf(string root, string path)
    {
        var directory = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path).Directory;
        while (directory is not null && directory.FullName.Length > root.Length)
        {
            if (directory.Exists && ProjectFilePatterns.Any(pattern => directory.EnumerateFiles(pattern).Any()))
            {
                return Relative(root, directory.FullName);
            }

            directory = directory.Parent;
        }

        return null;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
