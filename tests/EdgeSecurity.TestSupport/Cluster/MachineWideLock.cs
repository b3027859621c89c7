namespace EdgeSecurity.TestSupport.Cluster;

/// <summary>
/// An exclusive lock shared by every process on this machine (an open file with no sharing, which .NET takes
/// as an advisory lock on Unix). Test assemblies run in parallel; two RabbitMQ clusters starting at once raced
/// for the free ports each picked (node, distribution and authorizer ports) and refused devices with
/// "server unavailable", so clusters are started one at a time across all test processes.
/// </summary>
public sealed class MachineWideLock : IDisposable
{
    private readonly FileStream _file;

    private MachineWideLock(FileStream file) => _file = file;

    public static async Task<MachineWideLock> AcquireAsync(string name, TimeSpan timeout)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgesec-{name}.lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new MachineWideLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Held by another test process: wait for it.
                await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
