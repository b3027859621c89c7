namespace EdgeSecurity.Requirements;

/// <summary>
/// Reads the requirement rows of docs/security/requirements.md. A row is a Markdown table line whose first
/// cell is an ID (SR-XXX-NNN); the section is the nearest heading above it. Header and separator rows, and
/// tables of other content, are ignored.
/// </summary>
public static class RequirementsDocument
{
    public const string RelativePath = "docs/security/requirements.md";

    /// <summary>Requirements in document order; an ID listed twice is returned twice (see <see cref="Duplicates"/>).</summary>
    public static IReadOnlyList<Requirement> Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var requirements = new List<Requirement>();
        var section = string.Empty;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
                continue;
            }

            var cells = Cells(line);
            if (cells is null || cells.Count < 1 || !RequirementIds.IsWellFormed(cells[0]))
            {
                continue;
            }

            requirements.Add(new Requirement(
                cells[0],
                cells.Count > 1 ? cells[1] : string.Empty,
                cells.Count > 2 ? string.Join(" | ", cells.Skip(2)) : string.Empty,
                section,
                i + 1));
        }

        return requirements;
    }

    /// <summary>IDs that appear on more than one row, which makes the matrix ambiguous.</summary>
    public static IReadOnlyList<string> Duplicates(IEnumerable<Requirement> requirements) =>
        requirements.GroupBy(r => r.Id, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key)
            .ToList();

    /// <summary>The cells of a "| a | b |" row (escaped "\|" stays inside a cell), or null when the line is not a table row.</summary>
    private static List<string>? Cells(string line)
    {
        if (line.Length < 2 || line[0] != '|')
        {
            return null;
        }

        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] == '|')
            {
                current.Append('|');
                i++;
            }
            else if (line[i] == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(line[i]);
            }
        }

        // A row without a closing pipe still has a last cell.
        if (current.ToString().Trim().Length > 0)
        {
            cells.Add(current.ToString().Trim());
        }

        return cells;
    }
}
