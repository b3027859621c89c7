using EdgeSecurity.SubsetCheck;

namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>Language features nanoFramework 1.x cannot run: each sample must be reported on its marked line.</summary>
public class LanguageRuleTests
{
    [Theory]
    [InlineData(SubsetRules.GenericDeclaration, "internal class Box<T> { } //!")]
    [InlineData(SubsetRules.GenericDeclaration, "internal interface ISource<T> { T Next(); } //!")]
    [InlineData(SubsetRules.GenericDeclaration, "internal delegate T Make<T>(); //!")]
    [InlineData(SubsetRules.GenericDeclaration, "internal struct Pair<TA, TB> { } //!")]
    public void Generic_type_declarations_are_reported(string ruleId, string declaration) =>
        Samples.AssertFiresOnMarkedLine(ruleId, "namespace Sample\n{\n" + declaration + "\n}\n");

    [Theory]
    [InlineData(SubsetRules.GenericDeclaration, "internal static object Echo<T>(object value) { return value; } //!")]
    [InlineData(SubsetRules.Async, "internal async System.Threading.Tasks.Task RunAsync() { } //!")]
    [InlineData(SubsetRules.Async, "internal void Wait(System.Threading.CancellationToken token) { } //!")]
    [InlineData(SubsetRules.Unsafe, "internal unsafe void Raw() { } //!")]
    [InlineData(SubsetRules.Unsafe, "internal unsafe void Raw(byte* data) { } //!")]
    [InlineData(SubsetRules.Tuple, "internal (int, int) Pair() { return (1, 2); } //!")]
    [InlineData(SubsetRules.NullableValueType, "internal int? Maybe() { return null; } //!")]
    [InlineData(SubsetRules.NullableValueType, "internal Nullable<long> Maybe() { return null; } //!")]
    [InlineData(SubsetRules.Dynamic, "internal dynamic Loose() { return 1; } //!")]
    [InlineData(SubsetRules.GenericUse, "internal System.Collections.IEnumerable Numbers() { yield return 1; } //!")]
    public void Member_declarations_are_reported(string ruleId, string member) =>
        Samples.AssertFiresOnMarkedLine(ruleId, Samples.InClass(member));

    [Theory]
    [InlineData(SubsetRules.GenericDeclaration, "object Local<T>(object v) { return v; } //!")]
    [InlineData(SubsetRules.GenericUse, "var item = new { Id = 1 }; //!")]
    [InlineData(SubsetRules.Linq, "var q = from x in new[] { 1, 2 } select x; //!")]
    [InlineData(SubsetRules.Async, "System.Func<System.Threading.Tasks.Task> f = async () => { //!\n await System.Threading.Tasks.Task.Yield(); };")]
    [InlineData(SubsetRules.SpanAndMemory, "int total = 0; unsafe { byte* b = stackalloc byte[4]; total = b[0]; } //!")]
    [InlineData(SubsetRules.Tuple, "var pair = (1, 2); //!")]
    [InlineData(SubsetRules.Tuple, "int a, b; (a, b) = (1, 2); //!")]
    [InlineData(SubsetRules.NullableValueType, "int? n = null; //!")]
    [InlineData(SubsetRules.NullableValueType, "string s = null; var n = s?.Length; //!")]
    [InlineData(SubsetRules.Unsafe, "int x = 1; unsafe { int* p = &x; *p = 2; } //!")]
    [InlineData(SubsetRules.Unsafe, "var data = new byte[4]; unsafe { fixed (byte* p = data) { p[0] = 1; } } //!")]
    [InlineData(SubsetRules.Dynamic, "dynamic d = 1; //!")]
    public void Statements_are_reported(string ruleId, string statement) =>
        Samples.AssertFiresOnMarkedLine(ruleId, Samples.InMethod(statement));

    [Fact]
    public void Await_is_reported_on_its_own_line()
    {
        var source = Samples.InClass(
            "internal async System.Threading.Tasks.Task RunAsync()\n{\nawait System.Threading.Tasks.Task.Delay(1); //!\n}");
        Samples.AssertFiresOnMarkedLine(SubsetRules.Async, source);
    }

    [Fact]
    public void Records_are_reported_and_do_not_compile_as_csharp_7_3()
    {
        var source = "namespace Sample\n{\ninternal record Point(int X, int Y); //!\n}\n";
        Samples.AssertFiresOnMarkedLine(SubsetRules.Record, source);
        Samples.AssertFiresOnMarkedLine(SubsetRules.CompileError, source);
    }

    [Fact]
    public void Deconstruction_into_new_variables_is_reported()
    {
        var source = Samples.InClass(
            "internal (int, int) Pair() { return (1, 2); }\ninternal void Use()\n{\nvar (a, b) = Pair(); //!\n}");
        Samples.AssertFiresOnMarkedLine(SubsetRules.Tuple, source);
    }

    [Fact]
    public void Function_pointers_are_reported()
    {
        var source = Samples.InClass("internal unsafe void Call(delegate*<void> f) { } //!");
        Samples.AssertFiresOnMarkedLine(SubsetRules.Unsafe, source);
    }
}
