namespace EdgeSecurity.Firmware.HostPlatform.Storage;

/// <summary>A file's content as the running program sees it (flash plus unflushed changes), and the
/// changes that a flush must still write.</summary>
internal sealed class FileBuffer(byte[] durable)
{
    private byte[] _content = durable;
    private readonly List<PendingWrite> _changes = [];

    public int Length { get; private set; } = durable.Length;

    public IReadOnlyList<PendingWrite> Changes => _changes;

    public void Write(int position, byte[] data, int newLength)
    {
        Grow(newLength);
        Array.Copy(data, 0, _content, position, data.Length);
        Length = newLength;
        _changes.Add(PendingWrite.Bytes(position, data, newLength));
    }

    public void SetLength(int length)
    {
        Grow(length);
        if (length < Length)
        {
            Array.Clear(_content, length, Length - length);
        }

        Length = length;
        _changes.Add(PendingWrite.Length(length));
    }

    public int Read(int position, byte[] buffer, int offset, int count)
    {
        if (position >= Length)
        {
            return 0;
        }

        var n = Math.Min(count, Length - position);
        Array.Copy(_content, position, buffer, offset, n);
        return n;
    }

    private void Grow(int length)
    {
        if (length > _content.Length)
        {
            Array.Resize(ref _content, Math.Max(length, _content.Length * 2));
        }
    }
}
