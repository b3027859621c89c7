using EdgeSecurity.SubsetCheck;

namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>Base-library types and members nanoFramework 1.x lacks, and the allowlist behind them.</summary>
public class BaseLibraryRuleTests
{
    [Theory]
    [InlineData(SubsetRules.Linq, "var sum = new[] { 1, 2 }.Sum(); //!")]
    [InlineData(SubsetRules.Async, "var t = System.Threading.Tasks.Task.Run(() => { }); //!")]
    [InlineData(SubsetRules.Async, "System.Threading.ThreadPool.QueueUserWorkItem(s => { }); //!")]
    [InlineData(SubsetRules.Async, "var gate = new System.Threading.SemaphoreSlim(1); //!")]
    [InlineData(SubsetRules.Async, "System.Threading.Tasks.Parallel.For(0, 2, i => { }); //!")]
    [InlineData(SubsetRules.SpanAndMemory, "Span<byte> s = new byte[4]; //!")]
    [InlineData(SubsetRules.SpanAndMemory, "ReadOnlySpan<byte> s = new byte[4]; //!")]
    [InlineData(SubsetRules.SpanAndMemory, "Memory<byte> m = new byte[4]; //!")]
    [InlineData(SubsetRules.SpanAndMemory, "ReadOnlyMemory<byte> m = new byte[4]; //!")]
    [InlineData(SubsetRules.SpanAndMemory, "var view = new byte[4].AsSpan(); //!")]
    [InlineData(SubsetRules.SpanAndMemory, "var v = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(new byte[4]); //!")]
    [InlineData(SubsetRules.SpanAndMemory, "var pool = System.Buffers.ArrayPool<byte>.Shared; //!")]
    [InlineData(SubsetRules.SpanAndMemory, "var big = System.Numerics.BigInteger.One; //!")]
    [InlineData(SubsetRules.Tuple, "var t = Tuple.Create(1, 2); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var s = string.Join(\",\", new[] { \"a\" }); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var s = \"a-b\".Replace(\"-\", \"\"); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var blank = string.IsNullOrWhiteSpace(\" \"); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var same = \"a\".Equals(\"A\", StringComparison.OrdinalIgnoreCase); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var has = \"abc\".Contains('b'); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var hex = Convert.ToHexString(new byte[2]); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var a = new int[2]; Array.Fill(a, 7); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var a = new int[2]; Array.Resize(ref a, 4); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var a = new int[2]; Array.Reverse(a); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var a = Array.Empty<byte>(); //!")]
    [InlineData(SubsetRules.UnavailableApi, "long n = 0; System.Threading.Interlocked.Increment(ref n); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var ok = System.Text.RegularExpressions.Regex.IsMatch(\"a\", \"a\"); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var json = System.Text.Json.JsonSerializer.Serialize(1); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var lazy = new Lazy<int>(() => 1); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var queue = new System.Collections.Concurrent.ConcurrentQueue<int>(); //!")]
    [InlineData(SubsetRules.UnavailableApi, "var cores = Environment.ProcessorCount; //!")]
    [InlineData(SubsetRules.UnavailableApi, "var now = DateTime.Now; //!")]
    [InlineData(SubsetRules.NotInSubset, "var bytes = System.IO.File.ReadAllBytes(\"x\"); //!")]
    [InlineData(SubsetRules.NotInSubset, "decimal d = 1m; //!")]
    [InlineData(SubsetRules.NotInSubset, "var ascii = System.Text.Encoding.ASCII; //!")]
    [InlineData(SubsetRules.NotInSubset, "var line = Console.ReadLine(); //!")]
    public void Unavailable_base_library_uses_are_reported(string ruleId, string statement) =>
        Samples.AssertFiresOnMarkedLine(ruleId, Samples.InMethod(statement, "using System;\nusing System.Linq;"));

    [Theory]
    [Trait("Requirement", "SR-PORT-003")]
    [InlineData("var bytes = System.IO.File.ReadAllBytes(\"slot.bin\"); //!")]
    [InlineData("System.IO.File.WriteAllBytes(\"slot.bin\", new byte[1]); //!")]
    [InlineData("var exists = System.IO.Directory.Exists(\"I:\\\\\"); //!")]
    [InlineData("var machine = Environment.MachineName; //!")]
    [InlineData("var local = DateTime.Now; //!")]
    [InlineData("var input = Console.ReadLine(); //!")]
    [InlineData("var random = System.Security.Cryptography.RandomNumberGenerator.GetInt32(10); //!")]
    public void Hardware_and_host_facts_outside_the_platform_interfaces_are_reported(string statement)
    {
        var source = Samples.InMethod(statement);
        var line = Samples.MarkedLine(source);
        Assert.Contains(Samples.Check(source), v => v.Line == line && v.RuleId is SubsetRules.NotInSubset or SubsetRules.UnavailableApi);
    }

    /// <summary>Members and overloads that .NET has and nanoFramework's mscorlib 1.17.11 / System.Text 1.3.42 do not: allowed by name before, by exact signature now.</summary>
    [Theory]
    [Trait("Requirement", "SR-PORT-001")]
    [InlineData("var a = new int[2, 3]; var n = a.GetLength(0); //!")]
    [InlineData("var r = new int[2].Rank; //!")]
    [InlineData("var a = new int[2]; a.SetValue(1, 0); //!")]
    [InlineData("var s = System.Text.Encoding.UTF8.GetString(new byte[1]); //!")]
    [InlineData("Console.WriteLine(42); //!")]
    [InlineData("var p = \"7\".PadLeft(3); //!")]
    [InlineData("var n = Convert.ToInt32(\"12\"); //!")]
    public void Members_and_overloads_nanoFramework_lacks_are_reported_by_exact_signature(string statement) =>
        Samples.AssertFiresOnMarkedLine(SubsetRules.NotInSubset, Samples.InMethod(statement));

    /// <summary>Where .NET binds another overload for source the device binds to a member it has (optional or params parameters).</summary>
    [Theory]
    [InlineData("var s = string.Format(\"{0}-{1}\", 1, 2);")]
    [InlineData("var parts = \"a,b\".Split(',');")]
    [InlineData("var t = \"xax\".Trim('x');")]
    [InlineData("var same = \"a\".Equals(\"a\"); var h = \"a\".GetHashCode();")]
    [InlineData("var s = System.Text.Encoding.UTF8.GetString(new byte[1], 0, 1); var v = Convert.ToUInt32(\"ff\", 16);")]
    public void Source_that_binds_to_an_existing_device_overload_passes(string statement) =>
        Samples.AssertClean(Samples.InMethod(statement));

    [Fact]
    public void Environment_TickCount64_is_the_one_environment_member_allowed()
    {
        Samples.AssertClean(Samples.InMethod("long now = Environment.TickCount64;"));
    }

    [Fact]
    public void A_linq_using_alone_is_reported_because_the_namespace_does_not_exist_on_the_device()
    {
        Samples.AssertFiresOnMarkedLine(SubsetRules.Linq, Samples.InMethod("var n = 0;", "using System.Linq; //!"));
    }

    [Fact]
    public void Messages_say_what_to_use_instead()
    {
        var violations = Samples.Check(Samples.InMethod("var s = string.Join(\",\", new[] { \"a\" });"));
        var join = Assert.Single(violations, v => v.RuleId == SubsetRules.UnavailableApi);
        Assert.Contains("StringBuilder", join.Message, StringComparison.Ordinal);
    }
}
