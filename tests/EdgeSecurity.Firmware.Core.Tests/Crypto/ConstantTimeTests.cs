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
    [InlineData(-1, 0, 1)]
    [InlineData(0, -1, 1)]
    [InlineData(0, 0, -1)]
    [InlineData(3, 0, 3)]
    [InlineData(0, 1, 3)]
    [Trait("Requirement", "SR-CRYPTO-006")]
    public void Range_outside_an_array_is_an_argument_error(int aOffset, int bOffset, int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(new byte[5], aOffset, new byte[3], bOffset, count));

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-006")]
    public void Null_arrays_are_argument_errors()
    {
        Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual(null!, []));
        Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual([], null!));
        Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual(null!, 0, [], 0, 0));
        Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual([], 0, null!, 0, 0));
    }
}
