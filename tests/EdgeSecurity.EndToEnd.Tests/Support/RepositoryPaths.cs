namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>Where the repository and the built host service are, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Build configuration of this test run (the host was built with the same one as a project reference).</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string HostAssembly => Path.Combine(Root, "host", "EdgeSecurity.Host", "bin", Configuration, "net10.0", "EdgeSecurity.Host.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeSecurity.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeSecurity.sln not found above the test assembly.");
    }
}
