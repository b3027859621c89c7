using System.Globalization;

namespace EdgeSecurity.Bench.Cluster;

/// <summary>
/// What the kernel says about one broker process (from /proc): resident memory, open descriptors and the
/// open-files limit it runs under, which bounds the connections it can hold.
/// </summary>
internal sealed record BrokerProcessStats(int ProcessId, long ResidentBytes, int OpenDescriptors, long OpenFilesLimit)
{
    public static BrokerProcessStats Read(int processId)
    {
        long resident = 0;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:    123456 kB"
                resident = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        long limit = -1;
        foreach (var line in File.ReadLines($"/proc/{processId}/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                // "Max open files            20000                20000                files"
                var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                limit = soft == "unlimited" ? long.MaxValue : long.Parse(soft, CultureInfo.InvariantCulture);
            }
        }

        return new BrokerProcessStats(processId, resident, Directory.GetFiles($"/proc/{processId}/fd").Length, limit);
    }

    /// <summary>
    /// The mosquitto process whose command line names a file under <paramref name="directory"/> (the embedded
    /// broker's configuration in the host's data directory); the host does not expose its broker's process id.
    /// </summary>
    public static int FindMosquitto(string directory)
    {
        foreach (var entry in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue; // another user's process
            }

            if (commandLine.Contains("mosquitto", StringComparison.Ordinal) && commandLine.Contains(directory, StringComparison.Ordinal))
            {
                return pid;
            }
        }

        throw new InvalidOperationException($"No mosquitto process with a configuration under {directory} is running.");
    }
}
