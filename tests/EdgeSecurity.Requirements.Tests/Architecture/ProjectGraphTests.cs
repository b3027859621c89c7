namespace EdgeSecurity.Requirements.Tests.Architecture;

public sealed class ProjectGraphTests : IDisposable
{
    private readonly string _fixture = Path.Combine(Path.GetTempPath(), "es-graph-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_fixture))
        {
            Directory.Delete(_fixture, recursive: true);
        }
    }

    [Fact]
    public void The_repository_references_point_from_services_and_tools_to_libraries_to_the_core()
    {
        var edges = ProjectGraph.Load(RepositoryRoot.Find());

        var violations = ProjectGraphRules.Violations(edges);
        if (violations.Count > 0)
        {
            // Every offending edge with its reason, in full (an assertion's message would be cut short).
            Assert.Fail("References that point the wrong way:" + Environment.NewLine + string.Join(Environment.NewLine, violations));
        }

        // The reader really sees the graph: the host's PKI library, the ESP32 application's core libraries
        // (firmware/nano/, which link the core's sources through a property the reader does not expand).
        Assert.Contains(new ProjectEdge("host/EdgeSecurity.Host", "lib/EdgeSecurity.Pki", "ProjectReference"), edges);
        Assert.Contains(new ProjectEdge("firmware/EdgeSecurity.Firmware.Esp32", "firmware/nano/EdgeSecurity.Firmware.Core", "ProjectReference"), edges);
    }

    [Fact]
    public void A_host_project_referencing_a_tool_is_a_violation()
    {
        Project("host/EdgeSecurity.Broker", Reference("../../tools/EdgeSecurity.Pki/EdgeSecurity.Pki.csproj"));
        Project("tools/EdgeSecurity.Pki");

        var violation = Assert.Single(ProjectGraphRules.Violations(ProjectGraph.Load(_fixture)));
        Assert.StartsWith("host/EdgeSecurity.Broker -> tools/EdgeSecurity.Pki (ProjectReference)", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_referencing_a_tool_or_a_service_is_a_violation()
    {
        Project("lib/EdgeSecurity.Pki", Reference("..\\..\\tools\\EdgeSecurity.Signing\\EdgeSecurity.Signing.csproj"), Reference("../../host/EdgeSecurity.Mqtt/EdgeSecurity.Mqtt.csproj"));
        Project("tools/EdgeSecurity.Signing");
        Project("host/EdgeSecurity.Mqtt");

        Assert.Equal(2, ProjectGraphRules.Violations(ProjectGraph.Load(_fixture)).Count);
    }

    [Fact]
    public void Production_code_referencing_the_simulation_helpers_is_a_violation_but_the_simulator_and_tests_may()
    {
        const string helpers = "../../firmware/EdgeSecurity.Firmware.HostPlatform/EdgeSecurity.Firmware.HostPlatform.csproj";
        Project("firmware/EdgeSecurity.Firmware.HostPlatform");
        Project("host/EdgeSecurity.Host", Reference(helpers));
        Project("tools/EdgeSecurity.Signing", Reference(helpers));
        Project("tools/EdgeSecurity.Simulator", Reference(helpers));
        Project("tests/EdgeSecurity.Host.Tests", Reference(helpers));
        Project("bench/EdgeSecurity.Bench", Reference(helpers));

        var violations = ProjectGraphRules.Violations(ProjectGraph.Load(_fixture));

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.StartsWith("host/EdgeSecurity.Host -> ", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("tools/EdgeSecurity.Signing -> ", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_code_compiling_test_sources_is_a_violation()
    {
        Project("tests/EdgeSecurity.TestSupport");
        File.WriteAllText(Path.Combine(_fixture, "tests/EdgeSecurity.TestSupport/LocalPostgres.cs"), "");
        Project("host/EdgeSecurity.Host", """<Compile Include="../../tests/EdgeSecurity.TestSupport/LocalPostgres.cs" Link="LocalPostgres.cs" />""");
        Project("bench/EdgeSecurity.Bench", """<Compile Include="../../tests/EdgeSecurity.TestSupport/LocalPostgres.cs" Link="LocalPostgres.cs" />""");

        var violation = Assert.Single(ProjectGraphRules.Violations(ProjectGraph.Load(_fixture)));
        Assert.StartsWith("host/EdgeSecurity.Host -> tests/EdgeSecurity.TestSupport (Compile)", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Firmware_linking_a_library_folder_by_wildcard_is_a_violation()
    {
        Project("lib/EdgeSecurity.Platform");
        NanoFrameworkProject("firmware/EdgeSecurity.Firmware.Esp32", """<Compile Include="..\..\lib\EdgeSecurity.Platform\**\*.cs" />""");

        var violations = ProjectGraphRules.Violations(ProjectGraph.Load(_fixture));
        var violation = Assert.Single(violations);
        Assert.StartsWith("firmware/EdgeSecurity.Firmware.Esp32 -> lib/EdgeSecurity.Platform (Compile)", violation, StringComparison.Ordinal);
    }

    private static string Reference(string include) => $"""<ProjectReference Include="{include}" />""";

    private void Project(string folder, params string[] items) => Project(folder, items, ".csproj");

    private void NanoFrameworkProject(string folder, string item) => Project(folder, [item], ".nfproj");

    private void Project(string folder, string[] items, string extension)
    {
        var directory = Path.Combine(_fixture, folder);
        Directory.CreateDirectory(directory);
        var name = Path.GetFileName(folder);
        File.WriteAllText(
            Path.Combine(directory, name + extension),
            $"""<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>{string.Concat(items)}</ItemGroup></Project>""");
    }
}
