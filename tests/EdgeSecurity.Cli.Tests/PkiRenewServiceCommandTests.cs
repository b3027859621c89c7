using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

/// <summary>`edgesec pki renew-service`: a new key pair and certificate with the same names, its output, and refusals with exit codes.</summary>
public sealed class PkiRenewServiceCommandTests : IDisposable
{
    private readonly ReleaseSetup _release = new();

    public PkiRenewServiceCommandTests() =>
        _release.Cli.Ok("pki", "init", "--dir", "@pki", "--broker-name", "broker.test", "--broker-ip", "192.0.2.10");

    public void Dispose() => _release.Dispose();

    [Fact]
    [Trait("Requirement", "SR-ID-007")]
    public void Renewing_the_broker_and_service_certificates_keeps_their_names_and_changes_their_keys()
    {
        var cli = _release.Cli;
        string brokerKeyBefore = File.ReadAllText(cli.Path("pki/broker.key"));
        string serviceKeyBefore = File.ReadAllText(cli.Path("pki/service.key"));

        var broker = cli.Ok("pki", "renew-service", "broker", "--dir", "@pki", "--validity-days", "400", "--json");
        using (var document = JsonDocument.Parse(broker.Output))
        {
            var root = document.RootElement;
            Assert.Equal("broker", root.GetProperty("role").GetString());
            Assert.Equal(["broker.test", "192.0.2.10"], root.GetProperty("subjectAlternativeNames").EnumerateArray().Select(e => e.GetString()));
            Assert.NotEqual(root.GetProperty("previousSerialNumber").GetString(), root.GetProperty("serialNumber").GetString());
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(cli.Path("pki/broker.crt"));
            Assert.Equal(root.GetProperty("serialNumber").GetString(), certificate.SerialNumber);
            Assert.InRange((certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalDays, 399, 400);
        }

        Assert.NotEqual(brokerKeyBefore, File.ReadAllText(cli.Path("pki/broker.key")));
        var service = cli.Ok("pki", "renew-service", "service", "--dir", "@pki");
        Assert.Contains("service certificate renewed: CN host-service", service.Output, StringComparison.Ordinal);
        Assert.Contains("stays valid", service.Output, StringComparison.Ordinal);
        Assert.NotEqual(serviceKeyBefore, File.ReadAllText(cli.Path("pki/service.key")));
        Assert.Empty(Directory.GetFiles(cli.Path("pki"), "*.new"));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-007")]
    public void A_wrong_role_validity_or_directory_is_refused_with_its_exit_code_and_changes_nothing()
    {
        var cli = _release.Cli;
        string before = File.ReadAllText(cli.Path("pki/broker.crt"));

        cli.Expect(ExitCodes.Usage, "pki", "renew-service", "ca", "--dir", "@pki");
        cli.Expect(ExitCodes.Usage, "pki", "renew-service", "--dir", "@pki");
        Assert.Contains("between 1 and 36500", cli.Expect(ExitCodes.Failed, "pki", "renew-service", "broker", "--dir", "@pki", "--validity-days", "0").Error, StringComparison.Ordinal);
        Assert.Contains("not an initialised fleet PKI", cli.Expect(ExitCodes.Failed, "pki", "renew-service", "broker", "--dir", "@nowhere").Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(cli.Path("pki/broker.crt")));
        Assert.Contains("renew-service", cli.Run("pki", "renew-service", "--help").Output, StringComparison.Ordinal);
    }
}
