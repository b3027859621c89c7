using System.Globalization;

namespace EdgeSecurity.SubsetCheck;

/// <summary>One use of something nanoFramework 1.x lacks, at a 1-based line and column of a source file.</summary>
public sealed record SubsetViolation(string FilePath, int Line, int Column, string RuleId, string Message)
{
    /// <summary>The compiler's "file(line,col): id: message" shape, so editors and CI logs link to the line.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0}({1},{2}): {3}: {4}", FilePath, Line, Column, RuleId, Message);
}
