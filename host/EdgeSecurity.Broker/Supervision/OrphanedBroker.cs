using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Broker.Supervision;

/// <summary>
/// A mosquitto left running by a supervisor that died without stopping it (SIGKILL, power-less crash of the
/// host process): it keeps the listener ports and the persistence file, so a new broker could not start.
/// Found by its command line (the mosquitto binary with "-c" and this data directory's configuration file,
/// which only a supervisor of this directory starts) and stopped with SIGTERM, so it saves its persistence
/// file (sessions and the messages queued for the host) before the new broker loads it; killed if it
/// does not stop in time. Linux only (/proc); elsewhere nothing is found.
/// </summary>
internal static partial class OrphanedBroker
{
    private const int SigTerm = 15;

    public static async Task StopAllAsync(string configPath, TimeSpan timeout, ILogger logger)
    {
        foreach (int pid in Find(configPath))
        {
            Process orphan;
            try
            {
                orphan = Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                continue; // it exited meanwhile
            }

            using (orphan)
            {
                LogStopping(logger, pid, configPath);
                _ = Signal(pid, SigTerm);
                using var wait = new CancellationTokenSource(timeout);
                try
                {
                    await orphan.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    orphan.Kill();
                    await orphan.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Process ids of every mosquitto started with "-c <paramref name="configPath"/>".</summary>
    public static List<int> Find(string configPath)
    {
        var found = new List<int>();
        if (!OperatingSystem.IsLinux())
        {
            return found;
        }

        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(entry, "cmdline"))).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile, or not ours to read
            }

            if (arguments.Length >= 3 && Path.GetFileName(arguments[0]) == "mosquitto" && IsConfigArgument(arguments, configPath))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static bool IsConfigArgument(string[] arguments, string configPath)
    {
        for (int i = 1; i + 1 < arguments.Length; i++)
        {
            if (arguments[i] == "-c" && arguments[i + 1] == configPath)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping mosquitto (pid {Pid}) left running with '{ConfigPath}' by a supervisor that died without stopping it")]
    private static partial void LogStopping(ILogger logger, int pid, string configPath);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Signal(int pid, int signal);
}
