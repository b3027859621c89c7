using System.Reflection;
using System.Reflection.Emit;
using EdgeSecurity.Firmware.Core.Crypto;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

public sealed class ConstantTimeTests
{
    [Fact]
    [Trait("Requirement", "SR-CRYPTO-006")]
    public void Equal_arrays_compare_equal_and_any_single_bit_difference_does_not()
    {
        Prop.ForAll<byte[], int>((data, position) =>
        {
            byte[] copy = (byte[])data.Clone();
            bool sameEqual = ConstantTime.AreEqual(data, copy);
            if (data.Length == 0)
            {
                return sameEqual;
            }

            int bit = Math.Abs(position % (data.Length * 8));
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            return sameEqual && !ConstantTime.AreEqual(data, copy);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-006")]
    public void Arrays_of_different_length_are_unequal_even_with_a_common_prefix()
    {
        Assert.False(ConstantTime.AreEqual([1, 2, 3], [1, 2]));
        Assert.False(ConstantTime.AreEqual([], [0]));
        Assert.True(ConstantTime.AreEqual([], []));
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-006")]
    public void Range_overload_compares_only_the_ranges()
    {
        byte[] a = [9, 1, 2, 3, 9];
        byte[] b = [1, 2, 3];

        Assert.True(ConstantTime.AreEqual(a, 1, b, 0, 3));
        Assert.False(ConstantTime.AreEqual(a, 0, b, 0, 3));
        Assert.True(ConstantTime.AreEqual(a, 0, b, 0, 0));
        Assert.True(ConstantTime.AreEqual(a, 5, b, 3, 0));
    }

    [Theory]
    [InlineData(-1, 0, 1, "aOffset")]
    [InlineData(0, -1, 1, "bOffset")]
    [InlineData(0, 0, -1, "count")]
    [InlineData(3, 0, 3, "aOffset")]
    [InlineData(0, 1, 3, "bOffset")]
    [Trait("Requirement", "SR-CRYPTO-006")]
    public void Range_outside_an_array_is_an_argument_error_naming_the_argument(int aOffset, int bOffset, int count, string argument) =>
        Assert.Equal(argument, Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(new byte[5], aOffset, new byte[3], bOffset, count)).ParamName);

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-006")]
    public void Null_arrays_are_argument_errors()
    {
        Assert.Equal("a", Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual(null!, [])).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual([], null!)).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual(null!, 0, [], 0, 0)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual([], 0, null!, 0, 0)).ParamName);
    }

    /// <summary>
    /// The property itself, checked on the compiled IL rather than by timing: in every method of
    /// <see cref="ConstantTime"/>, the only conditional branch of a method that reads the compared bytes is
    /// the loop's own back edge (so no byte decides whether the loop goes on), the other methods read no
    /// byte, and nothing is delegated outside the class (exception constructors aside). An early exit on a
    /// differing byte, in whatever form, adds a conditional branch or a return inside the loop and fails this.
    /// </summary>
    [Fact]
    [Trait("Requirement", "SR-CRYPTO-006")]
    [Trait("Requirement", "SR-CRYPTO-008")]
    public void No_branch_depends_on_the_compared_bytes()
    {
        MethodInfo[] methods = typeof(ConstantTime).GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly);
        Assert.Contains(methods, m => IlInspector.Decode(m).Any(i => i.ReadsArrayElement));
        foreach (MethodInfo method in methods)
        {
            AssertNoDataDependentBranch(method, typeof(ConstantTime));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-006")]
    [Trait("Requirement", "SR-CRYPTO-008")]
    public void The_structure_check_refuses_an_early_exit_comparison()
    {
        MethodInfo earlyExit = typeof(ConstantTimeTests).GetMethod(nameof(EarlyExit), BindingFlags.NonPublic | BindingFlags.Static)!;
        Assert.True(EarlyExit([1, 2], [1, 2]));

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertNoDataDependentBranch(earlyExit, typeof(ConstantTimeTests)));
    }

    private static void AssertNoDataDependentBranch(MethodInfo method, Type home)
    {
        List<IlInspector.Instruction> il = IlInspector.Decode(method);
        foreach (MethodBase callee in il.Select(i => i.Callee).OfType<MethodBase>())
        {
            Assert.True(
                callee.DeclaringType == home || (callee.IsConstructor && typeof(Exception).IsAssignableFrom(callee.DeclaringType)),
                $"{method.Name} calls {callee.DeclaringType?.Name}.{callee.Name}");
        }

        if (!il.Any(i => i.ReadsArrayElement))
        {
            return;
        }

        IlInspector.Instruction loopEdge = Assert.Single(il, i => i.IsConditionalBranch);
        int firstLoad = il.First(i => i.ReadsArrayElement).Offset;
        Assert.True(loopEdge.BranchTarget <= firstLoad && loopEdge.Offset > il.Last(i => i.ReadsArrayElement).Offset, $"{method.Name}: its only conditional branch is not the loop's back edge");
        Assert.DoesNotContain(il, i => i.Offset > firstLoad && i.Offset < loopEdge.Offset && (i.OpCode.FlowControl is FlowControl.Return or FlowControl.Throw || (i.OpCode.FlowControl == FlowControl.Branch && i.BranchTarget > loopEdge.Offset)));
    }

    private static bool EarlyExit(byte[] a, byte[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
