using System.Text;
using EdgeSecurity.Firmware.Core.Serialization;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Serialization;

/// <summary>
/// The core's own UTF-8 (nanoFramework's mscorlib has no System.Text) against .NET's encoder as the
/// independent implementation.
/// </summary>
public sealed class Utf8TextTests
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Theory]
    [InlineData("")]
    [InlineData("sensor-0001")]
    [InlineData("caf\u00e9 \u20ac \u4e2d")]
    [InlineData("\U0001F512 lock")]
    [InlineData("lone \ud800 high")]
    [InlineData("lone \udc00 low")]
    [InlineData("end \ud83d")]
    public void Encode_matches_dotnet_including_lone_surrogates(string text)
    {
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), Utf8Text.Encode(text));
    }

    [Fact]
    public void Encode_and_decode_agree_with_dotnet_for_any_string()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            text ??= "";
            byte[] expected = System.Text.Encoding.UTF8.GetBytes(text);
            byte[] actual = Utf8Text.Encode(text);
            return expected.AsSpan().SequenceEqual(actual)
                && Utf8Text.IsValid(actual)
                && Utf8Text.Decode(actual, 0, actual.Length) == System.Text.Encoding.UTF8.GetString(expected);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void IsValid_agrees_with_a_strict_dotnet_decoder_on_random_bytes()
    {
        var bytes = Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary();
        Prop.ForAll(bytes, data =>
        {
            bool dotnetAccepts;
            try
            {
                Strict.GetString(data);
                dotnetAccepts = true;
            }
            catch (DecoderFallbackException)
            {
                dotnetAccepts = false;
            }

            return Utf8Text.IsValid(data) == dotnetAccepts
                && (!dotnetAccepts || Utf8Text.Decode(data, 0, data.Length) == Strict.GetString(data));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decode_reads_a_slice()
    {
        byte[] data = System.Text.Encoding.UTF8.GetBytes("xx\u00e9\U0001F512yy");
        Assert.Equal("\u00e9\U0001F512", Utf8Text.Decode(data, 2, data.Length - 4));
    }

    [Fact]
    public void Decode_rejects_a_truncated_sequence()
    {
        Assert.Throws<ArgumentException>(() => Utf8Text.Decode([0x41, 0xE2, 0x82], 0, 3));
    }
}
