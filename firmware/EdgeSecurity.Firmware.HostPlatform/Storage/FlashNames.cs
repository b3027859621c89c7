namespace EdgeSecurity.Firmware.HostPlatform.Storage;

/// <summary>The file names the agent may use: relative, '/'-separated, no empty or dot segments, and only
/// characters every file system (LittleFS, FAT, ext4) accepts. Anything else is a bug in the caller.</summary>
internal static class FlashNames
{
    public static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"Invalid flash file name '{name}': empty or dot path segment.", nameof(name));
            }

            foreach (var c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
                {
                    throw new ArgumentException($"Invalid flash file name '{name}': character '{c}' is not allowed.", nameof(name));
                }
            }
        }
    }
}
