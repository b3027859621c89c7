using EdgeSecurity.Firmware.Core.Serialization;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Serialization;

/// <summary>
/// The property every parser must have: on ANY input it either returns an object whose encoding is exactly
/// that input (the formats are canonical) or throws <see cref="MalformedDataException"/>, nothing else.
/// </summary>
internal static class ParserRobustness
{
    /// <param name="parseAndEncode">Parses the bytes and encodes the result again.</param>
    public static void Check(byte[] valid, Func<byte[], byte[]> parseAndEncode, int randomMutations = 400)
    {
        Assert.Equal(valid, parseAndEncode(valid));
        for (int length = 0; length < valid.Length; length++)
        {
            AcceptsOrRejectsCleanly(valid.AsSpan(0, length).ToArray(), parseAndEncode);
        }

        Prop.ForAll(Mutation.Arbitrary(valid.Length), mutation => AcceptsOrRejectsCleanly(mutation.Apply(valid), parseAndEncode))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(randomMutations));
    }

    public static void AcceptsOrRejectsCleanly(byte[] input, Func<byte[], byte[]> parseAndEncode)
    {
        byte[] encoded;
        try
        {
            encoded = parseAndEncode(input);
        }
        catch (MalformedDataException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Field));
            Assert.StartsWith("Malformed " + e.Field, e.Message, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(input, encoded);
    }
}
