using System.Text;
using EdgeSecurity.Firmware.Nano.Tests.Support;

namespace EdgeSecurity.Firmware.Nano.Tests;

/// <summary>docs/nanoframework-api.md lists exactly the nanoFramework APIs the ESP32 application (app + the core's two assemblies) compiles against.</summary>
public class ApiDocumentationTests
{
    private const string Begin = "<!-- api:begin (generated from the compiled app; ApiDocumentationTests) -->";
    private const string End = "<!-- api:end -->";

    [NanoFact]
    [Trait("Requirement", "SR-PORT-005")]
    public void The_api_document_lists_every_nanoFramework_member_the_app_uses_with_its_package_version()
    {
        var stage = NanoStage.Current;
        stage.AssertStepPassed("esp32-compile");
        var expected = Render(
            ApiUsage.Read(
                stage.PathOf(CompileStageTests.Esp32Assembly),
                stage.PathOf("core/EdgeSecurity.Firmware.Core.dll"),
                stage.PathOf("core/EdgeSecurity.Firmware.Core.Primitives.dll")),
            Esp32Project.Load());

        var document = File.ReadAllText(Repository.PathOf("docs", "nanoframework-api.md")).Replace("\r", string.Empty, StringComparison.Ordinal);
        var start = document.IndexOf(Begin, StringComparison.Ordinal);
        var end = document.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/nanoframework-api.md has no generated API region");
        var actual = document[(start + Begin.Length)..end].Trim('\n');

        Assert.True(expected == actual, "docs/nanoframework-api.md is out of date; the region should read:\n" + expected);
    }

    private static string Render(IReadOnlyList<string> usage, Esp32Project project)
    {
        var text = new StringBuilder();
        foreach (var group in usage.GroupBy(l => l[..l.IndexOf('|', StringComparison.Ordinal)]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var reference = project.References.SingleOrDefault(r => r.Include == group.Key);
            var package = reference is null ? "not referenced by the project file" : $"NuGet {reference.PackageId} {reference.PackageVersion}";
            text.Append("\n### ").Append(group.Key).Append(" (").Append(package).Append(")\n\n");
            foreach (var line in group)
            {
                text.Append("* `").Append(line[(line.IndexOf('|', StringComparison.Ordinal) + 1)..]).Append("`\n");
            }
        }

        return text.ToString().Trim('\n');
    }
}
