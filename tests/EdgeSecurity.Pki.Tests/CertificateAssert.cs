using System.Security.Cryptography.X509Certificates;

namespace EdgeSecurity.Pki.Tests;

internal static class CertificateAssert
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    public static X509Certificate2 Load(string path) => X509CertificateLoader.LoadCertificateFromFile(path);

    public static string[] ExtendedKeyUsages(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value!).ToArray();

    public static X509KeyUsageFlags KeyUsage(X509Certificate2 certificate) => certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages;

    public static bool IsCa(X509Certificate2 certificate) => certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority;

    /// <summary>Builds the chain with <paramref name="ca"/> as the only trust anchor.</summary>
    public static void ChainsTo(X509Certificate2 leaf, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        bool valid = chain.Build(leaf);
        Assert.True(valid, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(ca.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
    }

    public static UnixFileMode Mode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("File mode tests need a Unix file system.");
        }

        return File.GetUnixFileMode(path);
    }
}
