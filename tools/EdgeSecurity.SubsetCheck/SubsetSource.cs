namespace EdgeSecurity.SubsetCheck;

/// <summary>A C# source to check: the path reported in violations and the text itself.</summary>
public sealed record SubsetSource(string Path, string Text);
