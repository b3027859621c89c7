namespace EdgeSecurity.Requirements;

/// <summary>The command line of the matrix tool; <see cref="Parse"/> throws <see cref="UsageException"/> on anything it does not understand.</summary>
public sealed record CliOptions(string? Repository, bool Json, string? ResultsDirectory, bool FailOnUncovered, bool Help)
{
    public const string Usage = """
        Usage: EdgeSecurity.Requirements [--repo DIR] [--json] [--results DIR] [--fail-on-uncovered] [--help]

        Prints the requirement -> test matrix: each requirement of docs/security/requirements.md with the tests
        that carry [Trait("Requirement", "SR-...")] (on the method or its class), the requirements no test names,
        and traits naming IDs that requirements.md does not define.

          --repo DIR            repository root (default: the nearest folder above the current one that has
                                docs/security/requirements.md)
          --json                print JSON instead of the table
          --results DIR         read the .trx files under DIR (dotnet test --logger trx --results-directory DIR)
                                and mark each test passed, failed or not run; a requirement then counts as
                                covered only by a passing test
          --fail-on-uncovered   exit 1 when a requirement has no (passing) test, a trait names an unknown ID,
                                an ID is defined twice or a trait cannot be read
          --help                print this help

        Exit codes: 0 ok; 1 a test that verifies a requirement failed, or gaps with --fail-on-uncovered;
        2 usage error or unreadable input.
        """;

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new CliOptions(null, false, null, false, false);
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--repo" => options with { Repository = Value(args, ref i) },
                "--results" => options with { ResultsDirectory = Value(args, ref i) },
                "--json" => options with { Json = true },
                "--fail-on-uncovered" => options with { FailOnUncovered = true },
                "-h" or "--help" => options with { Help = true },
                _ => throw new UsageException($"unknown argument '{args[i]}'"),
            };
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        var option = args[i];
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"{option} needs a directory");
        }

        i++;
        return args[i];
    }
}

/// <summary>The command line or its inputs cannot be used; the message says why.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
