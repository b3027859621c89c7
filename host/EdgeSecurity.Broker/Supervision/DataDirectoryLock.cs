using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Broker.Supervision;

/// <summary>
/// Marks a broker data directory as owned by one running supervisor. The lock is an exclusive advisory
/// lock on a file (flock on Linux), which the kernel releases when the holding process dies however it
/// dies (SIGKILL included), and which mosquitto does not inherit (.NET opens files close-on-exec). So
/// holding it proves that no live supervisor runs the broker of this directory: any mosquitto still
/// running with its configuration is an orphan.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "supervisor.lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FileName);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = SecureFiles.OwnerOnlyFile;
        }

        try
        {
            return new DataDirectoryLock(new FileStream(path, options));
        }
        catch (IOException e)
        {
            throw new BrokerException(
                $"Another supervisor (a host service or 'edgesec broker run') is running the broker of '{dataDirectory}' (lock '{path}' is held). " +
                "Stop it, or give this one a data directory of its own.",
                e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
