using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.Bundles;

/// <summary>The simulator's file-backed flash in a temporary directory, deleted on dispose.</summary>
internal sealed class TempFlash : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("es-formats-").FullName;

    public TempFlash()
    {
        Storage = new FileFlashStorage(_directory, 64 * 1024 * 1024);
    }

    public FileFlashStorage Storage { get; }

    public void Put(string name, byte[] content)
    {
        Storage.Write(name, 0, content, 0, content.Length);
        Storage.Flush(name);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
