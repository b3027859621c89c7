using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Signing.Bundles;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.TrustRoots;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>Loads the files commands take, turning the core's parse errors into messages that name the file.</summary>
internal static class InputFiles
{
    public static TrustRootFile TrustRoot(FileInfo file)
    {
        var path = CommonOptions.Existing(file, "trust root file").FullName;
        try
        {
            return TrustRootFile.Load(path);
        }
        catch (MalformedDataException e)
        {
            throw CliException.Failed($"'{path}' is not a valid trust root: {e.Message} ({e.Reason}).");
        }
    }

    public static BundleFile Bundle(FileInfo file)
    {
        var path = CommonOptions.Existing(file, "bundle file").FullName;
        try
        {
            return BundleFile.Load(path);
        }
        catch (MalformedDataException e)
        {
            throw CliException.Failed($"'{path}' is not a valid bundle: {e.Message} ({e.Reason}).");
        }
    }

    public static byte[] Bytes(FileInfo file, string what) => File.ReadAllBytes(CommonOptions.Existing(file, what).FullName);

    public static List<Ed25519PublicKey> PublicKeys(IEnumerable<FileInfo>? files) =>
        files?.Select(f => KeyFiles.ReadPublicKey(CommonOptions.Existing(f, "public key file").FullName)).ToList() ?? [];
}
