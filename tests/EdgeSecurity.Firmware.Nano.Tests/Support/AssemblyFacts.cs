using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace EdgeSecurity.Firmware.Nano.Tests.Support;

/// <summary>Name, version, references and type names of an assembly file, read from its metadata (never loaded).</summary>
internal sealed record AssemblyFacts(string Name, Version Version, IReadOnlyList<(string Name, Version Version)> References, IReadOnlySet<string> TypeNames)
{
    public static AssemblyFacts Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        var definition = metadata.GetAssemblyDefinition();
        var references = metadata.AssemblyReferences
            .Select(h => metadata.GetAssemblyReference(h))
            .Select(r => (metadata.GetString(r.Name), r.Version))
            .ToArray();
        var types = metadata.TypeDefinitions
            .Select(h => metadata.GetTypeDefinition(h))
            .Select(t => metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name))
            .ToHashSet(StringComparer.Ordinal);
        return new AssemblyFacts(metadata.GetString(definition.Name), definition.Version, references, types);
    }
}
