using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Tests;

public sealed class EnrollmentTests
{
    [Fact]
    [Trait("Requirement", "SR-PKI-004")]
    public void Device_certificate_is_a_client_certificate_named_after_the_device_and_chains_to_the_ca()
    {
        using var pki = new TempPki();
        var enrolled = pki.Enroll("sensor-7");
        using var ca = CertificateAssert.Load(pki.Layout.CaCertificate);
        using var device = CertificateAssert.Load(Path.Combine(enrolled.PackageDirectory, ProvisioningPackage.DeviceCertificateFile));

        Assert.Equal("CN=sensor-7", device.Subject);
        Assert.Equal([CertificateAssert.ClientAuth], CertificateAssert.ExtendedKeyUsages(device));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, CertificateAssert.KeyUsage(device));
        Assert.False(CertificateAssert.IsCa(device));
        Assert.True(device.NotAfter <= ca.NotAfter);
        Assert.Equal(enrolled.SerialNumber, device.SerialNumber);
        CertificateAssert.ChainsTo(device, ca);
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-004")]
    public void Package_holds_everything_the_device_needs_and_matches_the_pki()
    {
        using var pki = new TempPki();
        var enrolled = pki.Enroll("sensor-7");
        string package = enrolled.PackageDirectory;
        string File(string name) => Path.Combine(package, name);

        var config = AgentConfiguration.Parse(System.IO.File.ReadAllText(File(ProvisioningPackage.ConfigurationFile)));
        Assert.Equal("sensor-7", config["device_id"]);
        Assert.Equal("esp32-wroom", config["hardware_class"]);
        Assert.Equal("broker.example.com", config["broker_host"]);
        Assert.Equal("8883", config["broker_port"]);
        Assert.Equal("es/v1/d/sensor-7", config["topic_root"]);
        Assert.Equal(System.IO.File.ReadAllBytes(pki.TrustRoot), System.IO.File.ReadAllBytes(File(ProvisioningPackage.TrustRootFile)));
        Assert.Equal(System.IO.File.ReadAllBytes(pki.Layout.CaCertificate), System.IO.File.ReadAllBytes(File(ProvisioningPackage.CaCertificateFile)));
        Assert.Equal(EventKeyStore.Read(pki.Dir, "sensor-7"), System.IO.File.ReadAllBytes(File(ProvisioningPackage.EventKeyFile)));

        // The key in the package belongs to the certificate in the package.
        using var certificate = X509Certificate2.CreateFromPemFile(File(ProvisioningPackage.DeviceCertificateFile), File(ProvisioningPackage.DeviceKeyFile));
        Assert.True(certificate.HasPrivateKey);

        foreach (string line in System.IO.File.ReadAllLines(File(ProvisioningPackage.ChecksumsFile)))
        {
            string[] parts = line.Split("  ");
            Assert.Equal(parts[0], Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(File(parts[1])))));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-002")]
    public void Device_key_and_event_keys_are_owner_only()
    {
        using var pki = new TempPki();
        var enrolled = pki.Enroll("sensor-7");
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        Assert.Equal(ownerOnly, CertificateAssert.Mode(Path.Combine(enrolled.PackageDirectory, ProvisioningPackage.DeviceKeyFile)));
        Assert.Equal(ownerOnly, CertificateAssert.Mode(Path.Combine(enrolled.PackageDirectory, ProvisioningPackage.EventKeyFile)));
        Assert.Equal(ownerOnly, CertificateAssert.Mode(pki.Layout.EventKey("sensor-7")));
        Assert.Equal(ownerOnly | UnixFileMode.UserExecute, CertificateAssert.Mode(pki.Layout.EventKeysDirectory));
        Assert.Equal(ownerOnly | UnixFileMode.UserExecute, CertificateAssert.Mode(enrolled.PackageDirectory));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-005")]
    public void Batch_enrolment_gives_every_device_its_own_certificate_key_and_event_key()
    {
        using var pki = new TempPki();
        var ids = DeviceId.Batch("unit-", 12);
        var enrolled = pki.Enroll(ids);

        Assert.Equal(ids, enrolled.Select(d => d.DeviceId));
        Assert.Equal("unit-0001", ids[0]);
        Assert.Equal(12, enrolled.Select(d => d.SerialNumber).Distinct().Count());
        Assert.Equal(12, ids.Select(id => Convert.ToHexString(EventKeyStore.Read(pki.Dir, id))).Distinct().Count());
        var publicKeys = enrolled.Select(d =>
        {
            using var cert = CertificateAssert.Load(Path.Combine(d.PackageDirectory, ProvisioningPackage.DeviceCertificateFile));
            return Convert.ToHexString(cert.GetPublicKey());
        });
        Assert.Equal(12, publicKeys.Distinct().Count());
        var registry = FleetRegistryFile.Load(pki.Dir);
        Assert.All(ids, id => Assert.Equal(DeviceStatus.Active, registry.Find(id)!.Status));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-007")]
    public void Re_enrolling_an_existing_id_is_refused_without_force_and_changes_nothing()
    {
        using var pki = new TempPki();
        pki.Enroll("sensor-7");
        byte[] registryBefore = File.ReadAllBytes(pki.Layout.Registry);
        byte[] keyBefore = EventKeyStore.Read(pki.Dir, "sensor-7");

        // The batch also contains a new id: the whole batch is refused, the new id is not enrolled either.
        var error = Assert.Throws<PkiException>(() => pki.Enroll(["sensor-8", "sensor-7"]));

        Assert.Contains("--force", error.Message, StringComparison.Ordinal);
        Assert.Equal(registryBefore, File.ReadAllBytes(pki.Layout.Registry));
        Assert.Equal(keyBefore, EventKeyStore.Read(pki.Dir, "sensor-7"));
        Assert.False(File.Exists(pki.Layout.EventKey("sensor-8")));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-007")]
    public void Forced_re_enrolment_revokes_the_previous_certificate()
    {
        using var pki = new TempPki();
        var first = pki.Enroll("sensor-7");

        var second = pki.Enroll("sensor-7", force: true);

        Assert.True(second.Replaced);
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.Equal(second.SerialNumber, FleetRegistryFile.Load(pki.Dir).Find("sensor-7")!.SerialNumber);
        Assert.Equal([first.SerialNumber], CrlReader.RevokedSerials(pki.Layout));
    }

    [Fact]
    public void A_batch_that_fails_midway_leaves_every_written_package_in_the_registry()
    {
        using var pki = new TempPki();
        string output = Path.Combine(pki.Root, "out");
        Directory.CreateDirectory(output);
        // A plain file where the third package directory must go makes the third device fail.
        File.WriteAllText(Path.Combine(output, "unit-0003"), "in the way");

        Assert.ThrowsAny<IOException>(() => pki.Enroll(DeviceId.Batch("unit-", 4), output: output));

        var registry = FleetRegistryFile.Load(pki.Dir);
        Assert.Equal(["unit-0001", "unit-0002"], registry.Devices.Select(d => d.Id));
        Assert.All(registry.Devices, d => Assert.True(Directory.Exists(Path.Combine(output, d.Id))));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-009")]
    public void The_host_service_identity_cannot_be_enrolled_as_a_device()
    {
        using var pki = new TempPki();

        var error = Assert.Throws<PkiException>(() => pki.Enroll(FleetPki.DefaultServiceIdentity, force: true));

        Assert.Contains("service", error.Message, StringComparison.Ordinal);
        Assert.Empty(FleetRegistryFile.Load(pki.Dir).Devices);
    }

    [Fact]
    public void A_missing_trust_root_is_refused_before_anything_is_written()
    {
        using var pki = new TempPki();
        File.Delete(pki.TrustRoot);

        var error = Assert.Throws<PkiException>(() => pki.Enroll("sensor-7"));

        Assert.Contains("--trust-root", error.Message, StringComparison.Ordinal);
        Assert.Empty(FleetRegistryFile.Load(pki.Dir).Devices);
    }

    [Fact]
    public void Enrolment_in_a_directory_without_a_pki_says_to_run_pki_init()
    {
        using var pki = new TempPki(initialize: false);

        var error = Assert.Throws<PkiException>(() => pki.Enroll("sensor-7"));

        Assert.Contains("edgesec pki init", error.Message, StringComparison.Ordinal);
    }
}
