using System.Numerics;
using System.Security.Cryptography.X509Certificates;

namespace EdgeSecurity.Pki.Tests;

/// <summary>Reads a CRL back: the serials it lists, its number, and whether the CA's signature verifies (via openssl).</summary>
internal static class CrlReader
{
    public static IReadOnlyList<string> RevokedSerials(PkiLayout layout)
    {
        string text = Run("openssl", "crl", "-in", layout.Crl, "-noout", "-text");
        return text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("Serial Number:", StringComparison.Ordinal))
            .Select(l => l["Serial Number:".Length..].Trim())
            .ToList();
    }

    public static string Text(PkiLayout layout) => Run("openssl", "crl", "-in", layout.Crl, "-noout", "-text");

    public static BigInteger Number(PkiLayout layout)
    {
        CertificateRevocationListBuilder.LoadPem(File.ReadAllText(layout.Crl), out var number);
        return number;
    }

    public static bool SignatureVerifies(PkiLayout layout, string caCertificate)
    {
        string output = Run("openssl", "crl", "-in", layout.Crl, "-CAfile", caCertificate, "-noout");
        return output.Contains("verify OK", StringComparison.Ordinal);
    }

    private static string Run(string file, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
