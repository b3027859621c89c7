namespace EdgeSecurity.Requirements;

/// <summary>The human-readable matrix: each requirement with its tests, then the gaps and the typos.</summary>
public static class TableReport
{
    private const int TextWidth = 72;

    public static void Write(RequirementMatrix matrix, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(writer);
        var covered = matrix.Rows.Count(row => row.Coverage == Coverage.Covered);
        writer.WriteLine($"Requirement -> test matrix: {matrix.Rows.Count} requirements, {covered} covered" +
            (matrix.HasResults ? " by passing tests" : " by tests (no results given: pass --results to see outcomes)"));

        var idWidth = matrix.Rows.Select(row => row.Requirement.Id.Length).DefaultIfEmpty(10).Max();
        var section = (string?)null;
        foreach (var row in matrix.Rows)
        {
            if (row.Requirement.Section != section)
            {
                section = row.Requirement.Section;
                writer.WriteLine();
                writer.WriteLine($"## {section}");
            }

            writer.WriteLine($"{row.Requirement.Id.PadRight(idWidth)}  {Shorten(row.Requirement.Text)}  [{Label(row.Coverage)}]");
            foreach (var test in row.Tests)
            {
                writer.WriteLine($"    {Label(test.Status),-7} {test.Name}  ({test.File}:{test.Line})");
            }
        }

        WriteIds(writer, "Requirements without a test", matrix.Rows.Where(row => row.Coverage == Coverage.NoTest));
        WriteIds(writer, "Requirements whose tests did not run and pass", matrix.Rows.Where(row => row.Coverage == Coverage.NotVerified));
        WriteIds(writer, "Requirements with a failing test", matrix.Failing);

        if (matrix.UnknownReferences.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Test traits naming IDs that requirements.md does not define:");
            foreach (var reference in matrix.UnknownReferences)
            {
                writer.WriteLine($"  {reference.RequirementId} in {reference.Test} ({reference.File}:{reference.Line})");
            }
        }

        if (matrix.DuplicateIds.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine($"IDs defined more than once in requirements.md: {string.Join(", ", matrix.DuplicateIds)}");
        }

        if (matrix.TraitProblems.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Requirement traits that could not be read:");
            foreach (var problem in matrix.TraitProblems)
            {
                writer.WriteLine($"  {problem.File}:{problem.Line}: {problem.Message}");
            }
        }
    }

    private static void WriteIds(TextWriter writer, string title, IEnumerable<RequirementRow> rows)
    {
        var ids = rows.Select(row => row.Requirement.Id).ToList();
        if (ids.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine($"{title} ({ids.Count}): {string.Join(", ", ids)}");
        }
    }

    private static string Label(Coverage coverage) => coverage switch
    {
        Coverage.Covered => "covered",
        Coverage.NoTest => "NO TEST",
        Coverage.NotVerified => "NOT VERIFIED",
        _ => "FAILING",
    };

    private static string Label(TestStatus status) => status switch
    {
        TestStatus.Passed => "PASS",
        TestStatus.Failed => "FAIL",
        TestStatus.NotRun => "NOT RUN",
        _ => "test",
    };

    private static string Shorten(string text) => text.Length <= TextWidth ? text : text[..(TextWidth - 3)] + "...";
}
