using System.Security.Cryptography;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// The starting point of the acceptance scenario, built once through the CLI itself: two root keys and
/// three release keys, trust root v1 (root threshold 2, release threshold 2) signed by both root keys,
/// and a folder of component files. Tests copy files before changing them.
/// </summary>
public sealed class ReleaseSetup : IDisposable
{
    public const string HardwareClass = "esp32-wroom-4mb";

    public ReleaseSetup()
    {
        foreach (var key in new[] { "root1", "root2", "rel1", "rel2", "rel3" })
        {
            Cli.Ok("keys", "generate", "--out", "@" + key);
        }

        Cli.Ok(
            "root", "init", "--root-key", "@root1.pub", "@root2.pub", "--root-threshold", "2",
            "--release-key", "@rel1.pub", "@rel2.pub", "@rel3.pub", "--release-threshold", "2",
            "--expires", "+365", "--out", "@root-v1.bin");
        Cli.Ok("root", "sign", "@root-v1.bin", "--key", "@root1.key");
        Cli.Ok("root", "sign", "@root-v1.bin", "--key", "@root2.key");

        Directory.CreateDirectory(Cli.Path("app"));
        File.WriteAllBytes(Cli.Path("app/App.pe"), RandomNumberGenerator.GetBytes(10_000));
        File.WriteAllText(Cli.Path("app/settings.json"), "{ \"reportEverySeconds\": 60 }\n");
        File.WriteAllBytes(Cli.Path("app/device-ca.crt"), RandomNumberGenerator.GetBytes(700));
    }

    public CliRunner Cli { get; } = new();

    /// <summary>Creates a bundle signed by <paramref name="keys"/> (the first at creation, the others with `bundle sign`).</summary>
    public string Bundle(string name, params string[] keys)
    {
        Cli.Ok(
            "bundle", "create", "@app", "--hardware-class", HardwareClass, "--version", "1.4.0", "--security-counter", "7",
            "--expires", "+90", "--chunk-size", "4096", "--key", "@" + keys[0] + ".key", "--out", "@" + name);
        foreach (var key in keys.Skip(1))
        {
            Cli.Ok("bundle", "sign", "@" + name, "--key", "@" + key + ".key");
        }

        return name;
    }

    public CliResult Verify(string bundle, string root, params string[] more) =>
        Cli.Run(["bundle", "verify", "@" + bundle, "--root", "@" + root, "--hardware-class", HardwareClass, .. more]);

    public void Dispose() => Cli.Dispose();
}
