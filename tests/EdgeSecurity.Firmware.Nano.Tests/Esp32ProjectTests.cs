using EdgeSecurity.Firmware.Nano.Tests.Support;

namespace EdgeSecurity.Firmware.Nano.Tests;

/// <summary>
/// The ESP32 project file names what the nanoFramework packages really contain: package folders and
/// versions of packages.config, files the packages ship, every package their assemblies depend on.
/// </summary>
public class Esp32ProjectTests
{
    private readonly Esp32Project _project = Esp32Project.Load();

    [Fact]
    [Trait("Requirement", "SR-PORT-006")]
    public void Every_reference_points_into_a_package_of_packages_config_at_its_pinned_version()
    {
        Assert.NotEmpty(_project.References);
        foreach (var reference in _project.References)
        {
            Assert.True(reference.PackageId is not null, $"{reference.Include}: hint path {reference.HintPath} is not ..\\..\\packages\\<id>.<version>\\lib\\<file>.dll");
            Assert.True(_project.Packages.TryGetValue(reference.PackageId!, out var pinned), $"{reference.Include}: package {reference.PackageId} is not in packages.config");
            Assert.Equal(pinned, reference.PackageVersion);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-PORT-006")]
    public void Every_package_of_packages_config_is_referenced()
    {
        var referenced = _project.References.Select(r => r.PackageId).ToHashSet(StringComparer.Ordinal);
        Assert.All(_project.Packages.Keys, id => Assert.Contains(id, referenced));
    }

    [NanoFact]
    [Trait("Requirement", "SR-PORT-006")]
    public void Every_referenced_file_exists_in_the_package_release_with_the_pinned_version()
    {
        foreach (var reference in _project.References)
        {
            var path = NanoToolchain.Reference(reference.FileName!);
            Assert.True(File.Exists(path), $"{reference.Include}: no {reference.FileName} in the {reference.PackageId} {reference.PackageVersion} release");
            var facts = AssemblyFacts.Read(path);
            Assert.Equal(reference.Include, facts.Name);
            Assert.Equal(Version.Parse(reference.PackageVersion! + ".0"), facts.Version);
        }
    }

    [NanoFact]
    [Trait("Requirement", "SR-PORT-006")]
    public void Every_assembly_a_referenced_assembly_needs_is_referenced_at_the_same_version()
    {
        var referenced = _project.References.ToDictionary(r => r.Include, r => Version.Parse(r.PackageVersion! + ".0"), StringComparer.Ordinal);
        foreach (var reference in _project.References)
        {
            foreach (var (name, version) in AssemblyFacts.Read(NanoToolchain.Reference(reference.FileName!)).References)
            {
                Assert.True(referenced.TryGetValue(name, out var have), $"{reference.Include} needs {name} {version}, which the project does not reference");
                Assert.Equal(version, have);
            }
        }
    }

    /// <summary>The core's library projects pin the application's packages: one mscorlib on the device.</summary>
    [Fact]
    [Trait("Requirement", "SR-PORT-006")]
    public void The_core_library_projects_reference_only_packages_the_application_pins_at_its_versions()
    {
        foreach (var path in Esp32Project.CoreLibraries)
        {
            var library = Esp32Project.Load(path);
            var name = path[^1];
            Assert.NotEmpty(library.References);
            foreach (var reference in library.References)
            {
                Assert.True(reference.PackageId is not null, $"{name}: {reference.Include}: hint path {reference.HintPath} is not ..\\..\\..\\packages\\<id>.<version>\\lib\\<file>.dll");
                Assert.True(_project.Packages.TryGetValue(reference.PackageId!, out var pinned), $"{name}: package {reference.PackageId} is not pinned by the application's packages.config");
                Assert.Equal(pinned, reference.PackageVersion);
                Assert.Equal(pinned, library.Packages[reference.PackageId!]);
            }

            Assert.Equal(library.References.Select(r => r.PackageId).Order(StringComparer.Ordinal), library.Packages.Keys.Order(StringComparer.Ordinal));
        }
    }
}
