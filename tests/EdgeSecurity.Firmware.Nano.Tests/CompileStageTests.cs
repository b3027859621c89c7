using System.Diagnostics;
using EdgeSecurity.Firmware.Nano.Tests.Support;

namespace EdgeSecurity.Firmware.Nano.Tests;

/// <summary>The firmware core and the ESP32 application compiled against the real nanoFramework libraries.</summary>
public class CompileStageTests
{
    /// <summary>Where the stage builds the application's project file (scripts/nanoframework-check.sh).</summary>
    internal const string Esp32Assembly = "nfproj/EdgeSecurity.Firmware.Esp32/bin/EdgeSecurity.Firmware.Esp32.dll";

    [NanoFact]
    [Trait("Requirement", "SR-PORT-004")]
    public void Firmware_core_compiles_against_the_real_mscorlib_alone_into_two_assemblies_and_converts_to_pe()
    {
        var stage = NanoStage.Current;
        stage.AssertStepPassed("core-compile");
        var primitives = AssemblyFacts.Read(stage.PathOf("core/EdgeSecurity.Firmware.Core.Primitives.dll"));
        Assert.Equal(["mscorlib"], primitives.References.Select(r => r.Name));
        Assert.Equal(new Version(1, 17, 11, 0), primitives.References[0].Version);
        Assert.Contains("EdgeSecurity.Firmware.Core.Crypto.Ed25519", primitives.TypeNames);

        var core = AssemblyFacts.Read(stage.PathOf("core/EdgeSecurity.Firmware.Core.dll"));
        Assert.Equal(["EdgeSecurity.Firmware.Core.Primitives", "mscorlib"], core.References.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Contains("EdgeSecurity.Firmware.Core.Boot.BootManager", core.TypeNames);
        Assert.DoesNotContain(core.TypeNames, t => t.StartsWith("EdgeSecurity.", StringComparison.Ordinal) && primitives.TypeNames.Contains(t));
        stage.AssertStepPassed("core-pe");
    }

    /// <summary>Every source file of the .NET core is in exactly one of the two device assemblies.</summary>
    [NanoFact]
    [Trait("Requirement", "SR-PORT-004")]
    public void The_two_device_assemblies_hold_every_type_of_the_core_once()
    {
        var stage = NanoStage.Current;
        stage.AssertStepPassed("core-compile");
        var device = AssemblyFacts.Read(stage.PathOf("core/EdgeSecurity.Firmware.Core.Primitives.dll")).TypeNames
            .Concat(AssemblyFacts.Read(stage.PathOf("core/EdgeSecurity.Firmware.Core.dll")).TypeNames)
            .Where(t => t.StartsWith("EdgeSecurity.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var dotnet = AssemblyFacts.Read(typeof(EdgeSecurity.Firmware.Core.Boot.BootManager).Assembly.Location).TypeNames
            .Where(t => t.StartsWith("EdgeSecurity.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(dotnet, device);
    }

    [NanoFact]
    [Trait("Requirement", "SR-PORT-005")]
    public void Each_device_assembly_stays_within_nanoFrameworks_64_KiB_of_byte_code()
    {
        NanoStage.Current.AssertStepPassed("bytecode-budget");
    }

    [NanoFact]
    [Trait("Requirement", "SR-PORT-005")]
    public void Esp32_application_compiles_from_its_project_file_against_the_real_reference_assemblies()
    {
        var stage = NanoStage.Current;
        stage.AssertStepPassed("esp32-compile");
        var app = AssemblyFacts.Read(stage.PathOf(Esp32Assembly));

        // The app's own sources in its assembly, the core through its two library projects.
        Assert.Contains(app.TypeNames, t => t.StartsWith("EdgeSecurity.Firmware.Esp32.", StringComparison.Ordinal));
        Assert.DoesNotContain(app.TypeNames, t => t.StartsWith("EdgeSecurity.Firmware.Core.", StringComparison.Ordinal));
        Assert.Contains(app.References, r => r.Name == "EdgeSecurity.Firmware.Core");
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

            var (exitCode, log) = Run("dotnet", "build", Repository.PathOf("firmware", "nano", "EdgeSecurity.Firmware.Core", "EdgeSecurity.Firmware.Core.nfproj"),
                "-c", "Release", "-nologo", "-p:CoreSources=" + sources.FullName + "/", "-p:NanoCheckOutput=" + output.FullName + "/",
                "-p:NanoFrameworkToolchain=" + (NanoToolchain.Directory ?? throw new InvalidOperationException(NanoToolchain.MissingReason)),
                "-p:NanoFrameworkProjectSystemPath=" + Repository.PathOf("tests", "nanoFramework", "ProjectSystem") + "/");

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
