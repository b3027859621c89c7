namespace EdgeSecurity.Requirements.Tests.Architecture;

/// <summary>
/// The direction references may take (README, "Project graph"): firmware core ← lib (shared .NET
/// libraries) ← host services and tools. Production code never depends on tests, and the simulation
/// helpers (the power-cut flash simulator in HostPlatform) are for tests, the simulator and benchmarks only.
/// </summary>
internal static class ProjectGraphRules
{
    public const string SimulationHelpers = "firmware/EdgeSecurity.Firmware.HostPlatform";

    /// <summary>The production projects that run simulated devices and so may use the simulation helpers.</summary>
    private static readonly HashSet<string> SimulationHelperUsers = new(StringComparer.Ordinal) { "tools/EdgeSecurity.Simulator" };

    /// <summary>What each production area may depend on; tests and bench may depend on anything.</summary>
    private static readonly Dictionary<string, string[]> AllowedAreas = new(StringComparer.Ordinal)
    {
        ["firmware"] = ["firmware"],
        ["lib"] = ["firmware", "lib"],
        ["host"] = ["firmware", "lib", "host"],
        ["tools"] = ["firmware", "lib", "host", "tools"],
    };

    /// <summary>Every edge that breaks a rule, each with the reason; empty when the graph points one way.</summary>
    public static IReadOnlyList<string> Violations(IEnumerable<ProjectEdge> edges)
    {
        var violations = new List<string>();
        foreach (var edge in edges)
        {
            var from = ProjectEdge.AreaOf(edge.From);
            var to = ProjectEdge.AreaOf(edge.To);
            if (!AllowedAreas.TryGetValue(from, out var allowed))
            {
                continue;
            }

            if (!allowed.Contains(to))
            {
                violations.Add($"{edge}: {from}/ may depend only on {string.Join(", ", allowed.Select(a => a + "/"))}");
            }
            else if (edge.To == SimulationHelpers && edge.From != SimulationHelpers && !SimulationHelperUsers.Contains(edge.From))
            {
                violations.Add($"{edge}: production code must not depend on the simulation helpers");
            }
        }

        return violations;
    }
}
