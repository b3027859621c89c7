using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Registry;

/// <summary>Reads and writes devices.json. Writes are atomic (temporary file + rename).</summary>
public static class FleetRegistryFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Loads the registry of the PKI in <paramref name="pkiDirectory"/>.</summary>
    public static FleetRegistry Load(string pkiDirectory) => Load(new PkiLayout(pkiDirectory));

    public static FleetRegistry Load(PkiLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!File.Exists(layout.Registry))
        {
            throw new PkiException($"No fleet registry at '{layout.Registry}'. Run 'edgesec pki init --dir {layout.Root}' first, or pass the right --dir.");
        }

        FleetRegistry? registry;
        try
        {
            registry = JsonSerializer.Deserialize<FleetRegistry>(File.ReadAllBytes(layout.Registry), Options);
        }
        catch (JsonException e)
        {
            throw new PkiException($"The fleet registry '{layout.Registry}' is not valid JSON ({e.Message}); restore it from your backup.", e);
        }

        if (registry is null || registry.Version != FleetRegistry.CurrentVersion)
        {
            throw new PkiException($"The fleet registry '{layout.Registry}' has an unsupported format version (expected {FleetRegistry.CurrentVersion}).");
        }

        return registry;
    }

    public static void Save(PkiLayout layout, FleetRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(layout);
        SecureFiles.WriteSecret(layout.Registry, JsonSerializer.SerializeToUtf8Bytes(registry, Options));
    }
}
