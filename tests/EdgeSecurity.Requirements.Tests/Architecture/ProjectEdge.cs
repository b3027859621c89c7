namespace EdgeSecurity.Requirements.Tests.Architecture;

/// <summary>
/// One dependency between two projects, each named by its folder relative to the repository root
/// ("host/EdgeSecurity.Host"). <paramref name="Kind"/> says how: a ProjectReference, or a Compile item that
/// links source files from another project's folder (how the nanoFramework application takes the core).
/// </summary>
internal sealed record ProjectEdge(string From, string To, string Kind)
{
    /// <summary>The top folder a project lives in: firmware, lib, host, tools, tests or bench.</summary>
    public static string AreaOf(string project) => project.Split('/')[0];

    public override string ToString() => $"{From} -> {To} ({Kind})";
}
