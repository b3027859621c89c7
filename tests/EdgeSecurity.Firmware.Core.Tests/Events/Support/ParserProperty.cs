using EdgeSecurity.Firmware.Core.Events;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Events.Support;

/// <summary>
/// The property every event parser must have: on any input it either returns a value whose encoding is
/// exactly that input (the formats are canonical) or throws <see cref="EventFormatException"/>, nothing else.
/// </summary>
internal static class ParserProperty
{
    public static void Check(byte[] valid, Func<byte[], byte[]> parseAndEncode, int randomMutations = 300)
    {
        Assert.Equal(valid, parseAndEncode(valid));
        for (int length = 0; length < valid.Length; length++)
        {
            AcceptsOrRejectsCleanly(valid[..length], parseAndEncode);
        }

        var mutations =
            from position in Gen.Choose(0, valid.Length - 1)
            from xor in Gen.Choose(1, 255)
            from mode in Gen.Choose(0, 3)
            select Mutate(valid, position, xor, mode);
        Prop.ForAll(mutations.ToArbitrary(), input => AcceptsOrRejectsCleanly(input, parseAndEncode))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(randomMutations));
    }

    private static byte[] Mutate(byte[] valid, int position, int xor, int mode)
    {
        var copy = (byte[])valid.Clone();
        switch (mode)
        {
            case 0:
                copy[position] ^= (byte)xor;
                return copy;
            case 1:
                return [.. copy[..position], .. copy[(position + 1)..]];
            case 2:
                return [.. copy[..position], (byte)xor, .. copy[position..]];
            default:
                copy[position] = 0xFF;
                return copy;
        }
    }

    private static void AcceptsOrRejectsCleanly(byte[] input, Func<byte[], byte[]> parseAndEncode)
    {
        byte[] encoded;
        try
        {
            encoded = parseAndEncode(input);
        }
        catch (EventFormatException e)
        {
            Assert.StartsWith("Malformed event.", e.Message, StringComparison.Ordinal);
            Assert.StartsWith("Malformed " + e.Field + ": ", e.Message, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(input, encoded);
    }
}
