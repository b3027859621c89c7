using EdgeSecurity.SubsetCheck;

namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>The gate: the firmware core must stay inside what .NET nanoFramework 1.x can run.</summary>
public class FirmwareCoreGateTests
{
    [Fact]
    [Trait("Requirement", "SR-PORT-001")]
    public void Firmware_core_uses_only_the_nanoFramework_1x_subset()
    {
        var core = Path.Combine(RepositoryRoot(), "firmware", "EdgeSecurity.Firmware.Core");
        Assert.True(Directory.Exists(core), "firmware core not found at " + core);
        Assert.NotEmpty(Directory.GetFiles(core, "*.cs", SearchOption.AllDirectories));

        var violations = SubsetChecker.CheckDirectory(core);

        Assert.True(violations.Count == 0,
            $"{violations.Count} use(s) of what nanoFramework 1.x lacks in the firmware core (see docs/firmware-subset.md):\n" +
            Samples.Describe(violations));
    }

    [Fact]
    [Trait("Requirement", "SR-PORT-001")]
    public void The_gate_would_catch_a_violation_in_a_core_like_tree()
    {
        var directory = Directory.CreateTempSubdirectory("subset-gate-");
        try
        {
            var platform = Directory.CreateDirectory(Path.Combine(directory.FullName, "Platform"));
            File.WriteAllText(Path.Combine(platform.FullName, "Good.cs"), "namespace S { internal interface IGood { int Count { get; } } }");
            File.WriteAllText(Path.Combine(directory.FullName, "Bad.cs"), "namespace S\n{\ninternal class Bad { private System.Collections.Generic.List<int> items; }\n}");
            var generated = Directory.CreateDirectory(Path.Combine(directory.FullName, "obj", "Debug"));
            File.WriteAllText(Path.Combine(generated.FullName, "Generated.cs"), "global using System.Linq;");

            var violations = SubsetChecker.CheckDirectory(directory.FullName);

            Assert.NotEmpty(violations);
            Assert.All(violations, v => Assert.EndsWith("Bad.cs", v.FilePath, StringComparison.Ordinal));
            Assert.All(violations, v => Assert.Equal(3, v.Line));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Walks up from the test output folder to the folder that holds EdgeSecurity.sln.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeSecurity.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeSecurity.sln not found above " + AppContext.BaseDirectory);
    }
}
