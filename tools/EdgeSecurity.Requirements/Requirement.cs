namespace EdgeSecurity.Requirements;

/// <summary>One row of docs/security/requirements.md: "| SR-XXX-NNN | text | standards |".</summary>
public sealed record Requirement(string Id, string Text, string Standards, string Section, int Line);
