using EdgeSecurity.SubsetCheck;

namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>Code the compiler cannot bind cannot be judged, so it must never pass silently.</summary>
public class CompileErrorTests
{
    [Theory]
    [Trait("Requirement", "SR-PORT-002")]
    [InlineData("int x = \"text\"; //!")]
    [InlineData("var thing = new UnknownThing(); //!")]
    [InlineData("var s = $\"{1}\" //!")]
    public void Compile_errors_are_reported(string statement) =>
        Samples.AssertFiresOnMarkedLine(SubsetRules.CompileError, Samples.InMethod(statement));

    [Fact]
    [Trait("Requirement", "SR-PORT-002")]
    public void Features_newer_than_csharp_7_3_are_compile_errors()
    {
        Samples.AssertFiresOnMarkedLine(SubsetRules.CompileError, Samples.InMethod("object o = 1; var n = o switch { int i => i, _ => 0 }; //!"));
    }

    [Fact]
    public void Violations_carry_the_path_they_were_given_and_are_ordered_by_line()
    {
        var violations = SubsetChecker.CheckSources(
        [
            new SubsetSource("b/Second.cs", "namespace S { internal class B<T> { } }"),
            new SubsetSource("a/First.cs", "namespace S\n{\ninternal class A<T> { }\ninternal class C<T> { }\n}"),
        ]);
        Assert.Equal(["a/First.cs", "a/First.cs", "b/Second.cs"], violations.Select(v => v.FilePath));
        Assert.Equal([3, 4, 1], violations.Select(v => v.Line));
        Assert.StartsWith("a/First.cs(3,17): NF001: ", violations[0].ToString(), StringComparison.Ordinal);
    }
}
