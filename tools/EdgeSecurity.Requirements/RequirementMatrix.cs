namespace EdgeSecurity.Requirements;

/// <summary>How well a requirement is verified.</summary>
public enum Coverage
{
    /// <summary>Tests name it (and, with results, at least one passed and none failed).</summary>
    Covered,

    /// <summary>No test names it.</summary>
    NoTest,

    /// <summary>Tests name it, results were given, but none of them ran and passed.</summary>
    NotVerified,

    /// <summary>A test that names it failed.</summary>
    Failing,
}

/// <summary>A test as evidence for a requirement.</summary>
public sealed record TestEvidence(string Name, string File, int Line, TestStatus Status);

/// <summary>One requirement and the tests that name it.</summary>
public sealed record RequirementRow(Requirement Requirement, IReadOnlyList<TestEvidence> Tests, Coverage Coverage);

/// <summary>A test trait naming an ID that requirements.md does not define (usually a typo).</summary>
public sealed record UnknownReference(string RequirementId, string Test, string File, int Line);

/// <summary>The requirement → test matrix with everything a report needs.</summary>
public sealed class RequirementMatrix
{
    private RequirementMatrix(
        IReadOnlyList<RequirementRow> rows,
        IReadOnlyList<UnknownReference> unknownReferences,
        IReadOnlyList<string> duplicateIds,
        IReadOnlyList<TraitProblem> traitProblems,
        bool hasResults)
    {
        Rows = rows;
        UnknownReferences = unknownReferences;
        DuplicateIds = duplicateIds;
        TraitProblems = traitProblems;
        HasResults = hasResults;
    }

    public IReadOnlyList<RequirementRow> Rows { get; }

    public IReadOnlyList<UnknownReference> UnknownReferences { get; }

    public IReadOnlyList<string> DuplicateIds { get; }

    public IReadOnlyList<TraitProblem> TraitProblems { get; }

    /// <summary>True when test results were read, so statuses and <see cref="Coverage.NotVerified"/> mean something.</summary>
    public bool HasResults { get; }

    /// <summary>Requirements without a (passing, when results were given) test.</summary>
    public IReadOnlyList<RequirementRow> Uncovered =>
        Rows.Where(row => row.Coverage is Coverage.NoTest or Coverage.NotVerified).ToList();

    public IReadOnlyList<RequirementRow> Failing => Rows.Where(row => row.Coverage == Coverage.Failing).ToList();

    /// <summary>Builds the matrix; <paramref name="results"/> is null when no test results were given.</summary>
    public static RequirementMatrix Build(IReadOnlyList<Requirement> requirements, TestScan scan, TrxResults? results)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(scan);
        var known = requirements.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var rows = requirements
            .DistinctBy(r => r.Id, StringComparer.Ordinal)
            .Select(requirement =>
            {
                var tests = scan.Tests
                    .Where(test => test.RequirementIds.Contains(requirement.Id, StringComparer.Ordinal))
                    .Select(test => new TestEvidence(test.FullName, test.File, test.Line, results?.StatusOf(test.FullName) ?? TestStatus.Unknown))
                    .ToList();
                return new RequirementRow(requirement, tests, CoverageOf(tests, results is not null));
            })
            .ToList();

        var unknown = scan.Tests
            .SelectMany(test => test.RequirementIds
                .Where(id => !known.Contains(id))
                .Select(id => new UnknownReference(id, test.FullName, test.File, test.Line)))
            .ToList();

        return new RequirementMatrix(rows, unknown, RequirementsDocument.Duplicates(requirements), scan.Problems, results is not null);
    }

    private static Coverage CoverageOf(List<TestEvidence> tests, bool hasResults)
    {
        if (tests.Count == 0)
        {
            return Coverage.NoTest;
        }

        if (!hasResults)
        {
            return Coverage.Covered;
        }

        if (tests.Any(test => test.Status == TestStatus.Failed))
        {
            return Coverage.Failing;
        }

        return tests.Any(test => test.Status == TestStatus.Passed) ? Coverage.Covered : Coverage.NotVerified;
    }
}
