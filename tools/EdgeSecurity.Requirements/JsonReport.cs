using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSecurity.Requirements;

/// <summary>The matrix as JSON for scripts; field names are camelCase, statuses are strings.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Write(RequirementMatrix matrix, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(writer);
        var document = new
        {
            hasResults = matrix.HasResults,
            requirements = matrix.Rows.Select(row => new
            {
                id = row.Requirement.Id,
                text = row.Requirement.Text,
                standards = row.Requirement.Standards,
                section = row.Requirement.Section,
                coverage = row.Coverage,
                tests = row.Tests,
            }),
            uncovered = matrix.Uncovered.Select(row => row.Requirement.Id),
            failing = matrix.Failing.Select(row => row.Requirement.Id),
            unknownReferences = matrix.UnknownReferences,
            duplicateIds = matrix.DuplicateIds,
            traitProblems = matrix.TraitProblems,
        };
        writer.WriteLine(JsonSerializer.Serialize(document, Options));
    }
}
