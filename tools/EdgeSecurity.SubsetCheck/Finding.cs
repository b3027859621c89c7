namespace EdgeSecurity.SubsetCheck;

/// <summary>What a rule found, before it is placed at a source location.</summary>
internal sealed record Finding(string RuleId, string Message);
