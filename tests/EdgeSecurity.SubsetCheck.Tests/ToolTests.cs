using EdgeSecurity.SubsetCheck;

namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>The command-line mode.</summary>
public class ToolTests
{
    [Fact]
    public void Exit_code_is_1_with_violations_0_when_clean_and_2_on_usage_errors_or_a_folder_without_sources()
    {
        var directory = Directory.CreateTempSubdirectory("subset-cli-");
        try
        {
            var clean = Directory.CreateDirectory(Path.Combine(directory.FullName, "clean"));
            File.WriteAllText(Path.Combine(clean.FullName, "A.cs"), "namespace S { internal class A { } }");
            var dirty = Directory.CreateDirectory(Path.Combine(directory.FullName, "dirty"));
            File.WriteAllText(Path.Combine(dirty.FullName, "B.cs"), "namespace S { internal class B<T> { } }");

            Assert.Equal(0, Run(clean.FullName));
            Assert.Equal(1, Run(dirty.FullName));
            Assert.Equal(2, Run(Path.Combine(directory.FullName, "missing")));
            Assert.Equal(2, Run());
            Assert.Equal(2, Run(Directory.CreateDirectory(Path.Combine(directory.FullName, "empty")).FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static int Run(params string[] args)
    {
        var entry = typeof(SubsetChecker).Assembly.EntryPoint!;
        return (int)entry.Invoke(null, [args])!;
    }
}
