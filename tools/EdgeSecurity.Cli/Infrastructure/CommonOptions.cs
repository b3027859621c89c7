using System.CommandLine;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>Options several commands share, made fresh per command (a System.CommandLine symbol has one parent).</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write the result as JSON on stdout (for scripts)." };

    public static Option<bool> Force() => new("--force") { Description = "Overwrite existing output files." };

    public static Option<FileInfo> Out(string description, bool required = true) => new("--out", "-o")
    {
        Description = description,
        Required = required,
        HelpName = "PATH",
    };

    public static Argument<FileInfo> InputFile(string name, string description) => new(name) { Description = description };

    /// <summary>Fails with exit code 3 and a clear message when an input file is missing.</summary>
    public static FileInfo Existing(FileInfo file, string what)
    {
        if (!file.Exists)
        {
            throw CliException.Io($"The {what} '{file.FullName}' does not exist.");
        }

        return file;
    }
}
