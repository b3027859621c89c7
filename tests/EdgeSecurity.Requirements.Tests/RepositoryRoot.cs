namespace EdgeSecurity.Requirements.Tests;

/// <summary>The repository these tests were built from: the folder above the test binaries that holds EdgeSecurity.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "EdgeSecurity.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("EdgeSecurity.sln not found above " + AppContext.BaseDirectory);
        }

        return root.FullName;
    }
}
