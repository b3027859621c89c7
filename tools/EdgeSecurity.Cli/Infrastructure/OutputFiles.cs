using EdgeSecurity.Platform.Files;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>Writes a command's output file whole (via a temporary file and a rename), refusing to replace one unless asked.</summary>
internal static class OutputFiles
{
    public static string Write(FileInfo file, byte[] contents, bool overwrite)
    {
        var path = file.FullName;
        if (!overwrite && File.Exists(path))
        {
            throw CliException.Failed($"'{path}' already exists; choose another --out or give --force.");
        }

        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            throw CliException.Io($"The folder '{directory}' for '{Path.GetFileName(path)}' does not exist.");
        }

        AtomicFile.Write(path, contents, ownerOnly: false);
        return path;
    }
}
