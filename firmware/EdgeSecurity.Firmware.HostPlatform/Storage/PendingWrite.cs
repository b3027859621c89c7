namespace EdgeSecurity.Firmware.HostPlatform.Storage;

/// <summary>One buffered change to a file, applied to flash when the file is flushed.</summary>
internal sealed record PendingWrite(int Position, byte[] Data, int NewLength)
{
    /// <summary>A write of <see cref="Data"/> at <see cref="Position"/> (NewLength is the resulting length).</summary>
    public static PendingWrite Bytes(int position, byte[] data, int newLength) => new(position, data, newLength);

    /// <summary>A truncation or extension to <paramref name="length"/>.</summary>
    public static PendingWrite Length(int length) => new(-1, [], length);

    public bool IsSetLength => Position < 0;
}
