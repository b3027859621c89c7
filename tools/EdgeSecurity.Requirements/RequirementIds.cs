using System.Text.RegularExpressions;

namespace EdgeSecurity.Requirements;

/// <summary>The shape of a requirement ID: SR-, one or more upper-case area segments, a number ("SR-BOOT-001", "SR-EVT-HOST-001").</summary>
public static partial class RequirementIds
{
    public static bool IsWellFormed(string id) => Pattern().IsMatch(id);

    [GeneratedRegex(@"^SR(-[A-Z][A-Z0-9]*)+-[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
