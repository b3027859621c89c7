namespace EdgeSecurity.Pki.Storage;

/// <summary>
/// Serialises changes to one PKI directory across processes (two operators enrolling at once must not
/// lose each other's registry entries). Held for the duration of one command.
/// </summary>
public sealed class PkiLock : IDisposable
{
    private readonly FileStream _stream;

    private PkiLock(FileStream stream) => _stream = stream;

    public static PkiLock Acquire(PkiLayout layout, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = SecureFiles.OwnerOnlyFile;
                }

                return new PkiLock(new FileStream(layout.LockFile, options));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
            catch (IOException e)
            {
                throw new PkiException($"Another edgesec command is changing the PKI in '{layout.Root}' (lock file '{layout.LockFile}' is held). Wait for it to finish and retry.", e);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
