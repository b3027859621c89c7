using System.Diagnostics;
using EdgeSecurity.Firmware.Nano.Tests.Support;

namespace EdgeSecurity.Firmware.Nano.Tests;

/// <summary>The firmware core and the ESP32 application compiled against the real nanoFramework libraries.</summary>
public class CompileStageTests
{
    [NanoFact]
    [Trait("Requirement", "SR-PORT-004")]
    public void Firmware_core_compiles_against_the_real_mscorlib_alone_and_converts_to_a_pe()
    {
        var stage = NanoStage.Current;
        stage.AssertStepPassed("core-compile");
        var core = AssemblyFacts.Read(stage.PathOf("core/EdgeSecurity.Firmware.Core.dll"));
        Assert.Equal(["mscorlib"], core.References.Select(r => r.Name));
        Assert.Equal(new Version(1, 17, 11, 0), core.References[0].Version);
        Assert.Contains("EdgeSecurity.Firmware.Core.Crypto.Ed25519", core.TypeNames);
        stage.AssertStepPassed("core-pe");
    }

    [NanoFact]
    [Trait("Requirement", "SR-PORT-005")]
    public void Esp32_application_compiles_from_its_project_file_against_the_real_reference_assemblies()
    {
        var stage = NanoStage.Current;
        stage.AssertStepPassed("esp32-compile");
        var app = AssemblyFacts.Read(stage.PathOf("esp32/bin/EdgeSecurity.Firmware.Esp32.dll"));

        // The app's own sources and the core's, compiled into one assembly as the project file lists them.
        Assert.Contains(app.TypeNames, t => t.StartsWith("EdgeSecurity.Firmware.Esp32.", StringComparison.Ordinal));
        Assert.Contains("EdgeSecurity.Firmware.Core.Boot.BootManager", app.TypeNames);
        Assert.Contains(app.References, r => r.Name == "nanoFramework.M2Mqtt");
        stage.AssertStepPassed("esp32-pe");
    }

    /// <summary>The constructor the issue found in the core: it compiles on .NET, and the stage must reject it.</summary>
    [NanoFact]
    [Trait("Requirement", "SR-PORT-004")]
    public void A_member_nanoFramework_lacks_fails_the_core_compile()
    {
        var sources = Directory.CreateTempSubdirectory("edgesec-core-copy-");
        var output = Directory.CreateTempSubdirectory("edgesec-core-out-");
        try
        {
            var core = Repository.PathOf("firmware", "EdgeSecurity.Firmware.Core");
            foreach (var file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
            {
                var target = Path.Combine(sources.FullName, Path.GetRelativePath(core, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            File.WriteAllText(Path.Combine(sources.FullName, "UsesDateTimeKind.cs"),
                "namespace Probe { internal static class UsesDateTimeKind { internal static System.DateTime Epoch() { return new System.DateTime(1970, 1, 1, 0, 0, 0, System.DateTimeKind.Utc); } } }");

            var (exitCode, log) = Run("dotnet", "build", Repository.PathOf("tests", "nanoFramework", "CoreCompile", "EdgeSecurity.Firmware.Core.NanoCompile.csproj"),
                "-c", "Release", "-nologo", "-o", output.FullName, "-p:CoreSources=" + sources.FullName + "/",
                "-p:BaseIntermediateOutputPath=" + Path.Combine(output.FullName, "obj") + "/");

            Assert.NotEqual(0, exitCode);
            Assert.Contains("UsesDateTimeKind.cs", log, StringComparison.Ordinal);
            Assert.Contains("DateTimeKind", log, StringComparison.Ordinal);
        }
        finally
        {
            sources.Delete(recursive: true);
            output.Delete(recursive: true);
        }
    }

    private static (int ExitCode, string Log) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        using var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), file + " did not finish in 5 minutes");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
