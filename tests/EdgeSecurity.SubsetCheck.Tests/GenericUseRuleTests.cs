using EdgeSecurity.SubsetCheck;

namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>Uses of constructed generic types and generic methods, written or implied.</summary>
public class GenericUseRuleTests
{
    [Theory]
    [InlineData("var list = new System.Collections.Generic.List<int>(); //!", "ArrayList")]
    [InlineData("var map = new System.Collections.Generic.Dictionary<string, int>(); //!", "Hashtable")]
    [InlineData("System.Func<int> f = () => 1; //!", "delegate")]
    [InlineData("System.Action<string> a = s => { }; //!", "delegate")]
    [InlineData("System.Collections.Generic.IEnumerable<int> items = new int[0]; //!", "array")]
    [InlineData("var found = Array.Find(new[] { 1, 2 }, x => x > 1); //!", "generic method")]
    public void Constructed_generic_types_and_generic_methods_are_reported(string statement, string hint)
    {
        var source = Samples.InMethod(statement);
        Samples.AssertFiresOnMarkedLine(SubsetRules.GenericUse, source);
        var line = Samples.MarkedLine(source);
        Assert.Contains(Samples.Check(source), v => v.Line == line && v.Message.Contains(hint, StringComparison.Ordinal));
    }

    [Fact]
    public void Using_the_generic_collections_namespace_is_reported()
    {
        var source = Samples.InMethod("var n = 0;", "using System.Collections.Generic; //!");
        Samples.AssertFiresOnMarkedLine(SubsetRules.GenericUse, source);
    }

    [Fact]
    public void Foreach_over_a_generic_enumerable_is_reported_even_when_no_generic_type_is_written_there()
    {
        var source = Samples.InClass(
            "internal System.Collections.Generic.List<int> Make() { return null; }\n" +
            "internal int Sum()\n{\nint total = 0;\nforeach (var x in Make()) //!\n{\ntotal += x;\n}\nreturn total;\n}");
        Samples.AssertFiresOnMarkedLine(SubsetRules.GenericUse, source);
    }

    [Fact]
    public void Using_a_generic_type_of_our_own_is_reported_where_it_is_used()
    {
        var source = "namespace Sample\n{\ninternal class Box<T> { }\ninternal class User\n{\nprivate Box<int> box; //!\n}\n}\n";
        Samples.AssertFiresOnMarkedLine(SubsetRules.GenericUse, source);
    }

    [Fact]
    public void A_collection_initializer_on_a_generic_collection_is_reported()
    {
        var source = Samples.InClass(
            "internal System.Collections.Generic.List<int> Make() { return null; }\n" +
            "internal void Fill()\n{\nvar list = Make();\nvar copy = new System.Collections.ArrayList\n{\n1,\n};\nvar again = new System.Collections.Generic.List<int>\n{\n2, //!\n};\n}");
        var line = Samples.MarkedLine(source);
        var violations = Samples.Check(source);
        Assert.Contains(violations, v => v.RuleId == SubsetRules.GenericUse && v.Line == line);
        Assert.DoesNotContain(violations, v => v.Line == line - 4);
    }
}
