using EdgeSecurity.SubsetCheck;

namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>Finding the targeting pack without a hard-coded version, over fake dotnet roots.</summary>
public sealed class ReferenceAssembliesTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("subset-dotnet-");

    [Fact]
    public void The_pack_of_the_running_runtime_is_found_and_has_the_core_assemblies()
    {
        var directory = ReferenceAssemblies.FindDirectory();
        Assert.True(File.Exists(Path.Combine(directory, "System.Runtime.dll")), directory);
        Assert.EndsWith($"net{Environment.Version.Major}.{Environment.Version.Minor}", directory, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_pack_of_the_same_major_version_wins_and_other_majors_are_ignored()
    {
        var root = FakeRoot("a", ("10.0.2", "net10.0"), ("10.0.12", "net10.0"), ("10.0.13-rc.1.123", "net10.0"), ("11.0.0", "net11.0"), ("10.0.99", "net9.0"));

        var found = ReferenceAssemblies.FindDirectory([root], new Version(10, 0, 5));

        Assert.Equal(Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref", "10.0.13-rc.1.123", "ref", "net10.0"), found);
    }

    [Fact]
    public void Roots_without_a_matching_pack_are_skipped()
    {
        var empty = FakeRoot("empty");
        var older = FakeRoot("older", ("9.0.1", "net9.0"));
        var good = FakeRoot("good", ("10.0.1", "net10.0"));

        var found = ReferenceAssemblies.FindDirectory([empty, older, good], new Version(10, 0, 0));

        Assert.StartsWith(good, found, StringComparison.Ordinal);
    }

    [Fact]
    public void No_matching_pack_is_a_clear_error_naming_where_it_looked()
    {
        var root = FakeRoot("none", ("9.0.1", "net9.0"));

        var error = Assert.Throws<InvalidOperationException>(() => ReferenceAssemblies.FindDirectory([root], new Version(10, 0, 0)));

        Assert.Contains(root, error.Message, StringComparison.Ordinal);
        Assert.Contains("net10.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("DOTNET_ROOT", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Delete(recursive: true);

    private string FakeRoot(string name, params (string version, string framework)[] packs)
    {
        var root = Directory.CreateDirectory(Path.Combine(_temp.FullName, name)).FullName;
        foreach (var (version, framework) in packs)
        {
            Directory.CreateDirectory(Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref", version, "ref", framework));
        }

        return root;
    }
}
