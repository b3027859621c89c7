using EdgeSecurity.Firmware.Core.Bundles;

namespace EdgeSecurity.Signing.Bundles;

/// <summary>Names of component kinds for people and metadata files, and the kind a file extension implies.</summary>
public static class ComponentKinds
{
    private static readonly Dictionary<string, ComponentKind> ByName = new(StringComparer.Ordinal)
    {
        ["assembly"] = ComponentKind.ManagedAssembly,
        ["config"] = ComponentKind.Configuration,
        ["certificates"] = ComponentKind.CertificateStore,
        ["trust-store"] = ComponentKind.TrustStore,
        ["data"] = ComponentKind.Data,
    };

    private static readonly Dictionary<string, ComponentKind> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pe"] = ComponentKind.ManagedAssembly,
        [".json"] = ComponentKind.Configuration,
        [".cfg"] = ComponentKind.Configuration,
        [".conf"] = ComponentKind.Configuration,
        [".ini"] = ComponentKind.Configuration,
        [".yaml"] = ComponentKind.Configuration,
        [".yml"] = ComponentKind.Configuration,
        [".pem"] = ComponentKind.CertificateStore,
        [".crt"] = ComponentKind.CertificateStore,
        [".cer"] = ComponentKind.CertificateStore,
        [".der"] = ComponentKind.CertificateStore,
        [".bin"] = ComponentKind.Data,
        [".dat"] = ComponentKind.Data,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static string NameOf(ComponentKind kind) =>
        ByName.FirstOrDefault(pair => pair.Value == kind).Key ?? $"kind-{(int)kind}";

    public static ComponentKind? FromName(string name) => ByName.TryGetValue(name, out var kind) ? kind : null;

    public static ComponentKind? FromFileName(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var kind) ? kind : null;
}
