namespace EdgeSecurity.Broker.Supervision;

/// <summary>Finds the mosquitto binary (Debian installs it in /usr/sbin, which is often not on a user's PATH).</summary>
public static class MosquittoExecutable
{
    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/usr/local/sbin", "/opt/homebrew/sbin", "/snap/bin"];

    public const string InstallHint = "Install it with 'sudo apt-get install mosquitto' (Debian/Ubuntu), 'bash scripts/install-deps.sh' in the repository, or your system's package manager (mosquitto 2.0 or newer), or give its path explicitly.";

    /// <summary>The path of mosquitto, or throws a <see cref="BrokerException"/> that says how to install it.</summary>
    public static string Locate(string? explicitPath = null)
    {
        if (explicitPath is not null)
        {
            return File.Exists(explicitPath)
                ? Path.GetFullPath(explicitPath)
                : throw new BrokerException($"mosquitto was not found at '{explicitPath}'. {InstallHint}");
        }

        string name = OperatingSystem.IsWindows() ? "mosquitto.exe" : "mosquitto";
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraDirectories);
        foreach (string directory in directories)
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new BrokerException($"mosquitto is not installed (looked on PATH and in {string.Join(", ", ExtraDirectories)}). {InstallHint}");
    }
}
