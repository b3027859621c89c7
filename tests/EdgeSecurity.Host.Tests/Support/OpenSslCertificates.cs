using System.Diagnostics;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// Device certificates issued by the openssl command line with the fleet CA's key, outside our PKI code, so
/// a test can give a certificate exactly one fault (a validity period in the past) and show with the same
/// tool that the certificate is otherwise accepted.
/// </summary>
internal static class OpenSslCertificates
{
    private const string Config = """
        [ ca ]
        default_ca = fixture

        [ fixture ]
        database = index.txt
        new_certs_dir = .
        serial = serial
        default_md = sha256
        policy = any
        unique_subject = no
        copy_extensions = none
        x509_extensions = device

        [ any ]
        commonName = supplied
        organizationName = optional

        [ device ]
        basicConstraints = critical, CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = clientAuth
        """;

    /// <summary>
    /// A certificate for <paramref name="deviceId"/>'s own key, signed by the fleet CA, valid from
    /// <paramref name="notBefore"/> to <paramref name="notAfter"/>; returns its path.
    /// </summary>
    public static async Task<string> IssueAsync(PkiLayout pki, string deviceId, string deviceKey, string directory, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "openssl.cnf"), Config);
        await File.WriteAllTextAsync(Path.Combine(directory, "index.txt"), string.Empty);
        await File.WriteAllTextAsync(Path.Combine(directory, "serial"), "7e57" + Convert.ToHexString(Guid.NewGuid().ToByteArray()[..6]) + "\n");
        string request = Path.Combine(directory, deviceId + ".csr");
        string certificate = Path.Combine(directory, deviceId + ".crt");
        await RunAsync(directory, "req", "-new", "-key", deviceKey, "-subj", $"/CN={deviceId}/O=EdgeSecurity", "-out", request);
        await RunAsync(
            directory, "ca", "-batch", "-notext", "-config", "openssl.cnf", "-cert", pki.CaCertificate, "-keyfile", pki.CaKey,
            "-startdate", notBefore.UtcDateTime.ToString("yyyyMMddHHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            "-enddate", notAfter.UtcDateTime.ToString("yyyyMMddHHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            "-in", request, "-out", certificate);
        return certificate;
    }

    private static async Task RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {arguments[0]} failed ({process.ExitCode}): {await error}");
        }

        await output;
    }
}
