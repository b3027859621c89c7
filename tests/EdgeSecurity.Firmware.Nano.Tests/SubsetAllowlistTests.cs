using EdgeSecurity.Firmware.Nano.Tests.Support;
using EdgeSecurity.SubsetCheck;

namespace EdgeSecurity.Firmware.Nano.Tests;

/// <summary>The subset checker's allowlist names only members nanoFramework's real assemblies declare.</summary>
public class SubsetAllowlistTests
{
    [NanoFact]
    [Trait("Requirement", "SR-PORT-001")]
    public void Every_member_the_allowlist_lists_exists_in_nanoFramework_with_that_exact_signature()
    {
        var declared = DeclaredMembers.Read(Directory.GetFiles(Path.GetDirectoryName(NanoToolchain.Reference("mscorlib.dll"))!, "*.dll"));
        var objectMembers = declared["System.Object"];

        var missing = AvailableSurface.ListedMembers()
            .Where(m => !(declared.TryGetValue(m.Type, out var members) && members.Contains(m.Member)) && !objectMembers.Contains(m.Member))
            .Select(m => m.Type + "::" + m.Member)
            .ToArray();

        Assert.True(missing.Length == 0, "listed in tools/EdgeSecurity.SubsetCheck/AvailableSurface.cs but not in nanoFramework's assemblies:\n" + string.Join('\n', missing));
    }
}
