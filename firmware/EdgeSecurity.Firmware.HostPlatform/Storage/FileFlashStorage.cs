using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.HostPlatform.Storage;

/// <summary>
/// <see cref="IFlashStorage"/> over a directory, behaving like the device's LittleFS volume as the core
/// is allowed to assume (see the interface): bounded capacity, writes buffered until <see cref="Flush"/>,
/// atomic rename and delete, and power that can be cut at any durable step.
/// A reboot is simulated by dropping this instance and opening a new one on the same directory:
/// whatever was not flushed is gone.
/// </summary>
public sealed class FileFlashStorage : IFlashStorage
{
    private readonly string _root;
    private readonly int _capacity;
    private readonly PowerCutPlan? _cut;
    private readonly Dictionary<string, FileBuffer> _buffers = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _powerLost;

    public FileFlashStorage(string rootDirectory, int capacityBytes, PowerCutPlan? powerCut = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        _root = Path.GetFullPath(rootDirectory);
        _capacity = capacityBytes;
        _cut = powerCut;
        Directory.CreateDirectory(_root);
    }

    /// <summary>Durable steps performed so far (flushed writes, renames, deletes). Power-cut tests
    /// run a scenario once to count them, then cut at every one.</summary>
    public long StepsPerformed { get; private set; }

    public bool IsPowerLost
    {
        get { lock (_gate) { return _powerLost; } }
    }

    public int FreeBytes
    {
        get { lock (_gate) { ThrowIfDead(); return _capacity - UsedBytes(); } }
    }

    public bool Exists(string name)
    {
        lock (_gate)
        {
            ThrowIfDead();
            return VisibleLength(PathOf(name), name) >= 0;
        }
    }

    public int GetLength(string name)
    {
        lock (_gate)
        {
            ThrowIfDead();
            return VisibleLength(PathOf(name), name);
        }
    }

    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ValidateRange(buffer, offset, count);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        lock (_gate)
        {
            ThrowIfDead();
            var path = PathOf(name);
            if (_buffers.TryGetValue(name, out var pending))
            {
                return pending.Read(position, buffer, offset, count);
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No file '{name}' in flash storage.");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (position >= stream.Length)
            {
                return 0;
            }

            stream.Position = position;
            return stream.ReadAtLeast(buffer.AsSpan(offset, count), count, throwOnEndOfStream: false);
        }
    }

    public void Write(string name, int position, byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ValidateRange(buffer, offset, count);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        lock (_gate)
        {
            ThrowIfDead();
            var current = Math.Max(0, VisibleLength(PathOf(name), name));
            var newLength = Math.Max(current, checked(position + count));
            EnsureSpace(newLength - current, name);
            BufferFor(name).Write(position, buffer.AsSpan(offset, count).ToArray(), newLength);
        }
    }

    public void SetLength(string name, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (_gate)
        {
            ThrowIfDead();
            var current = Math.Max(0, VisibleLength(PathOf(name), name));
            EnsureSpace(length - current, name);
            BufferFor(name).SetLength(length);
        }
    }

    public void Flush(string name)
    {
        lock (_gate)
        {
            ThrowIfDead();
            var path = PathOf(name);
            if (!_buffers.Remove(name, out var file))
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            foreach (var change in file.Changes)
            {
                ApplyDurably(path, change);
            }
        }
    }

    public void Delete(string name)
    {
        lock (_gate)
        {
            ThrowIfDead();
            var path = PathOf(name);
            var existed = _buffers.Remove(name) | File.Exists(path);
            if (!existed)
            {
                return;
            }

            if (File.Exists(path))
            {
                AtomicStep(() => File.Delete(path));
            }
        }
    }

    public void Rename(string from, string to)
    {
        lock (_gate)
        {
            ThrowIfDead();
            var source = PathOf(from);
            var target = PathOf(to);
            if (VisibleLength(source, from) < 0)
            {
                throw new FileNotFoundException($"Cannot rename '{from}': no such file in flash storage.");
            }

            // A rename publishes the file: LittleFS commits an open file before moving it.
            Flush(from);
            _buffers.Remove(to);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicStep(() => File.Move(source, target, overwrite: true));
        }
    }

    public string[] List(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (_gate)
        {
            ThrowIfDead();
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
            {
                names.Add(Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'));
            }

            names.UnionWith(_buffers.Keys);
            return names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        }
    }

    private FileBuffer BufferFor(string name)
    {
        var path = PathOf(name);
        if (!_buffers.TryGetValue(name, out var file))
        {
            file = new FileBuffer(File.Exists(path) ? File.ReadAllBytes(path) : []);
            _buffers.Add(name, file);
        }

        return file;
    }

    private void ApplyDurably(string path, PendingWrite change)
    {
        var step = NextStep();
        var keep = TornFraction(step);
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        if (change.IsSetLength)
        {
            if (keep > 0)
            {
                stream.SetLength(change.NewLength);
            }
        }
        else
        {
            var kept = (int)Math.Floor(change.Data.Length * keep);
            stream.Position = change.Position;
            stream.Write(change.Data, 0, kept);
            if (IsCut(step) && _cut!.GarbageSeed is { } seed && kept < change.Data.Length)
            {
                var garbage = new byte[change.Data.Length - kept];
                new Random(seed).NextBytes(garbage);
                stream.Write(garbage, 0, garbage.Length);
            }
        }

        stream.Flush();
        if (IsCut(step))
        {
            Die(step);
        }
    }

    private void AtomicStep(Action action)
    {
        var step = NextStep();
        if (IsCut(step))
        {
            Die(step);
        }

        action();
    }

    private long NextStep() => ++StepsPerformed;

    private bool IsCut(long step) => _cut is not null && step == _cut.CutAtStep;

    private double TornFraction(long step) => IsCut(step) ? _cut!.TornFraction : 1.0;

    private void Die(long step)
    {
        _powerLost = true;
        _buffers.Clear();
        throw new PowerLossException(step);
    }

    private void ThrowIfDead()
    {
        if (_powerLost)
        {
            throw new PowerLossException("Power was lost; open a new storage instance to simulate the reboot.");
        }
    }

    private int VisibleLength(string path, string name)
    {
        if (_buffers.TryGetValue(name, out var file))
        {
            return file.Length;
        }

        return File.Exists(path) ? checked((int)new FileInfo(path).Length) : -1;
    }

    private int UsedBytes()
    {
        long used = 0;
        foreach (var path in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!_buffers.ContainsKey(name))
            {
                used += new FileInfo(path).Length;
            }
        }

        foreach (var file in _buffers.Values)
        {
            used += file.Length;
        }

        return (int)Math.Min(used, int.MaxValue);
    }

    private void EnsureSpace(long growth, string name)
    {
        if (growth > 0 && UsedBytes() + growth > _capacity)
        {
            throw new IOException($"Flash storage full: writing '{name}' needs {growth} more bytes, {_capacity - UsedBytes()} free of {_capacity}.");
        }
    }

    private string PathOf(string name)
    {
        FlashNames.Validate(name);
        return Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar));
    }

    private static void ValidateRange(byte[] buffer, int offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (offset + count > buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Offset and count exceed the buffer.");
        }
    }
}
