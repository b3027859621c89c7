using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.Events.Support;

/// <summary>A temporary directory standing for one device's flash; each <see cref="Boot"/> is a reboot.</summary>
internal sealed class JournalDirectory : IDisposable
{
    public const int FlashBytes = 1024 * 1024;

    public string Path { get; } = Directory.CreateTempSubdirectory("es-evt-").FullName;

    public FileFlashStorage Boot(PowerCutPlan? cut = null) => new(Path, FlashBytes, cut);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
