using EdgeSecurity.Firmware.Core.Serialization;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Serialization;

public class ByteReaderTests
{
    [Fact]
    public void Reads_little_endian_integers()
    {
        var reader = new ByteReader([0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xAB]);
        Assert.Equal(0x1234, reader.ReadUInt16("a"));
        Assert.Equal(0x12345678L, reader.ReadUInt32("b"));
        Assert.Equal(-1L, reader.ReadInt64("c"));
        Assert.Equal(0xAB, reader.ReadByte("d"));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void UInt32_is_unsigned()
    {
        Assert.Equal(0xFFFFFFFFL, new ByteReader([0xFF, 0xFF, 0xFF, 0xFF]).ReadUInt32("x"));
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    public void Short_read_is_Truncated_and_names_the_field()
    {
        var reader = new ByteReader([1, 2, 3]);
        var e = Assert.Throws<MalformedDataException>(() => reader.ReadUInt32("manifest.size"));
        Assert.Equal(MalformedReason.Truncated, e.Reason);
        Assert.Equal("manifest.size", e.Field);
        Assert.Contains("manifest.size", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Window_limits_reads_to_its_own_bytes()
    {
        var reader = new ByteReader([9, 1, 2, 9], 1, 2);
        Assert.Equal(0x0201, reader.ReadUInt16("a"));
        Assert.Equal(MalformedReason.Truncated, Assert.Throws<MalformedDataException>(() => reader.ReadByte("b")).Reason);
    }

    [Fact]
    public void Range_checks_report_the_given_reason()
    {
        var e = Assert.Throws<MalformedDataException>(() => new ByteReader([40]).ReadByteInRange("count", 1, 32, MalformedReason.CountOutOfRange));
        Assert.Equal(MalformedReason.CountOutOfRange, e.Reason);
        Assert.Contains("40", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Magic_version_and_end_are_checked()
    {
        Assert.Equal(MalformedReason.BadMagic, Assert.Throws<MalformedDataException>(() => new ByteReader("ESMX"u8.ToArray()).ExpectMagic("ESMF"u8.ToArray(), "m")).Reason);
        Assert.Equal(MalformedReason.UnsupportedVersion, Assert.Throws<MalformedDataException>(() => new ByteReader([2, 0]).ExpectFormatVersion(1, "v")).Reason);
        Assert.Equal(MalformedReason.TrailingBytes, Assert.Throws<MalformedDataException>(() => new ByteReader([0]).ExpectEnd("o")).Reason);
    }

    [Fact]
    public void Text_outside_its_character_set_is_InvalidText()
    {
        var e = Assert.Throws<MalformedDataException>(() => AsciiText.Read(new ByteReader("a/b"u8.ToArray()), 3, AsciiCharacterSet.SafeName, "name"));
        Assert.Equal(MalformedReason.InvalidText, e.Reason);
        Assert.Equal("a-b", AsciiText.Read(new ByteReader("a-b"u8.ToArray()), 3, AsciiCharacterSet.SafeName, "name"));
        Assert.Equal(MalformedReason.InvalidText, Assert.Throws<MalformedDataException>(() => AsciiText.Read(new ByteReader([0x1B]), 1, AsciiCharacterSet.Printable, "notes")).Reason);
    }

    [Fact]
    public void Writer_and_reader_round_trip_any_values()
    {
        Prop.ForAll<(byte, ushort, uint), long, byte[]>((small, i64, bytes) =>
        {
            (byte b, ushort u16, uint u32) = small;
            var writer = new ByteWriter(1);
            writer.WriteByte(b);
            writer.WriteUInt16(u16);
            writer.WriteUInt32(u32);
            writer.WriteInt64(i64);
            writer.WriteBytes(bytes ?? []);
            byte[] encoded = writer.ToArray();
            var reader = new ByteReader(encoded);
            Assert.Equal(b, reader.ReadByte("b"));
            Assert.Equal(u16, reader.ReadUInt16("u16"));
            Assert.Equal(u32, reader.ReadUInt32("u32"));
            Assert.Equal(i64, reader.ReadInt64("i64"));
            Assert.Equal(bytes ?? [], reader.ReadBytes(reader.Remaining, "rest"));
            reader.ExpectEnd("end");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
