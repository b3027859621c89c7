using EdgeSecurity.Firmware.Core.Bundles;

namespace EdgeSecurity.Signing.Bundles;

/// <summary>
/// Reads a bundle's components from a folder: every regular file not starting with '.', in ordinal name
/// order, its kind from <see cref="BundleMetadataFile"/> or else from its extension.
/// </summary>
public static class BundleSource
{
    public static IReadOnlyList<BundleComponentSource> FromFolder(string folder, BundleMetadataFile metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The bundle folder '{folder}' does not exist.");
        }

        var subfolder = Directory.GetDirectories(folder).FirstOrDefault();
        if (subfolder is not null)
        {
            throw new SigningException($"'{subfolder}' is a folder; a bundle's components are the files directly in '{folder}'.");
        }

        var files = Directory.GetFiles(folder)
            .Select(path => (Path: path, Name: Path.GetFileName(path)))
            .Where(file => !file.Name.StartsWith('.'))
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new SigningException($"The bundle folder '{folder}' has no component files.");
        }

        var unknown = metadata.Components.Keys.Where(name => files.All(f => f.Name != name)).ToList();
        if (unknown.Count > 0)
        {
            throw new SigningException($"{BundleMetadataFile.FileName} names '{unknown[0]}', which is not a file in '{folder}'.");
        }

        return files.Select(file => new BundleComponentSource(file.Name, KindOf(file.Name, metadata), File.ReadAllBytes(file.Path))).ToList();
    }

    private static ComponentKind KindOf(string name, BundleMetadataFile metadata)
    {
        if (metadata.Components.TryGetValue(name, out var kindName))
        {
            return ComponentKinds.FromName(kindName)
                ?? throw new SigningException($"{BundleMetadataFile.FileName}: '{kindName}' (for {name}) is not a component kind; use one of {string.Join(", ", ComponentKinds.Names)}.");
        }

        return ComponentKinds.FromFileName(name)
            ?? throw new SigningException(
                $"Cannot tell what '{name}' is from its extension; declare it in {BundleMetadataFile.FileName}: "
                + $"{{ \"components\": {{ \"{name}\": \"data\" }} }} (kinds: {string.Join(", ", ComponentKinds.Names)}).");
    }
}
