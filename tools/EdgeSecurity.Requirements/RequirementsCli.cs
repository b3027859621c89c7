namespace EdgeSecurity.Requirements;

/// <summary>The matrix tool's command: parse, read, report, and decide the exit code.</summary>
public static class RequirementsCli
{
    public const int Ok = 0;
    public const int Gaps = 1;
    public const int UsageError = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var options = CliOptions.Parse(args);
            if (options.Help)
            {
                output.WriteLine(CliOptions.Usage);
                return Ok;
            }

            var matrix = BuildMatrix(options, workingDirectory);
            if (options.Json)
            {
                JsonReport.Write(matrix, output);
            }
            else
            {
                TableReport.Write(matrix, output);
            }

            return ExitCode(matrix, options.FailOnUncovered);
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine("Run with --help for usage.");
            return UsageError;
        }
    }

    /// <summary>Failing tests always fail the run; gaps and typos only with --fail-on-uncovered.</summary>
    public static int ExitCode(RequirementMatrix matrix, bool failOnUncovered)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Failing.Count > 0)
        {
            return Gaps;
        }

        var gaps = matrix.Uncovered.Count + matrix.UnknownReferences.Count + matrix.DuplicateIds.Count + matrix.TraitProblems.Count;
        return failOnUncovered && gaps > 0 ? Gaps : Ok;
    }

    private static RequirementMatrix BuildMatrix(CliOptions options, string workingDirectory)
    {
        var root = options.Repository is null ? FindRepository(workingDirectory) : Path.GetFullPath(options.Repository, workingDirectory);
        var document = Path.Combine(root, RequirementsDocument.RelativePath);
        if (!File.Exists(document))
        {
            throw new UsageException($"{document} does not exist; pass the repository root with --repo");
        }

        var requirements = RequirementsDocument.Parse(File.ReadAllText(document));
        var scan = TestScanner.ScanDirectory(Path.Combine(root, "tests"), root);
        TrxResults? results = null;
        if (options.ResultsDirectory is not null)
        {
            try
            {
                results = TrxResults.ReadDirectory(Path.GetFullPath(options.ResultsDirectory, workingDirectory));
            }
            catch (Exception e) when (e is DirectoryNotFoundException or InvalidDataException)
            {
                throw new UsageException(e.Message, e);
            }
        }

        return RequirementMatrix.Build(requirements, scan, results);
    }

    private static string FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, RequirementsDocument.RelativePath)))
            {
                return dir.FullName;
            }
        }

        throw new UsageException($"no {RequirementsDocument.RelativePath} in {start} or above; pass the repository root with --repo");
    }
}
