using System.Diagnostics;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Tests.Identity;

/// <summary>
/// Certificate renewal in two steps, checked with openssl as the independent verifier (CA and CRL as a
/// broker uses them): both certificates verify while the renewal is pending, only the renewed one after.
/// </summary>
[Trait("Requirement", "SR-ID-006")]
public sealed class RenewalTests
{
    [Fact]
    public void The_previous_certificate_stays_valid_until_the_renewal_is_completed_then_only_the_renewed_one_verifies()
    {
        using var pki = new TempPki();
        var enrolled = pki.Enroll("sensor-1");
        var oldCertificate = Path.Combine(enrolled.PackageDirectory, ProvisioningPackage.DeviceCertificateFile);
        var eventKey = EventKeyStore.Read(pki.Layout, "sensor-1");
        var renewedDirectory = Path.Combine(pki.Root, "renewed");

        var issued = DeviceRenewal.Issue(pki.Dir, "sensor-1", renewedDirectory, 30);

        var newCertificate = Path.Combine(renewedDirectory, ProvisioningPackage.DeviceCertificateFile);
        Assert.NotEqual(enrolled.SerialNumber, issued.SerialNumber);
        Assert.Equal(enrolled.SerialNumber, issued.PreviousSerialNumber);
        Assert.Equal("OK", Verify(pki, oldCertificate));
        Assert.Equal("OK", Verify(pki, newCertificate));
        Assert.Contains("CN=sensor-1", Run("openssl", "x509", "-in", newCertificate, "-noout", "-subject").Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(enrolled.SerialNumber, FleetRegistryFile.Load(pki.Dir).Find("sensor-1")!.SerialNumber);

        var completed = DeviceRenewal.Complete(pki.Dir, "sensor-1");

        Assert.Equal(issued.SerialNumber, completed.SerialNumber);
        Assert.Contains("revoked", Verify(pki, oldCertificate), StringComparison.Ordinal);
        Assert.Equal("OK", Verify(pki, newCertificate));
        var device = FleetRegistryFile.Load(pki.Dir).Find("sensor-1")!;
        Assert.Equal((issued.SerialNumber, DeviceStatus.Active, (string?)null), (device.SerialNumber, device.Status, device.PendingSerialNumber));
        Assert.Equal(issued.NotAfter, device.NotAfter);
        Assert.InRange(device.NotAfter, DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
        Assert.Equal(eventKey, EventKeyStore.Read(pki.Layout, "sensor-1"));
        Assert.Equal(0, device.KeyEpoch);
    }

    [Fact]
    public void Out_of_order_steps_are_refused_and_change_nothing()
    {
        using var pki = new TempPki();
        pki.Enroll("sensor-2");
        var before = File.ReadAllText(pki.Layout.Registry);

        Assert.Contains("No renewed certificate", Assert.Throws<PkiException>(() => DeviceRenewal.Complete(pki.Dir, "sensor-2")).Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(pki.Layout.Registry));

        DeviceRenewal.Issue(pki.Dir, "sensor-2", Path.Combine(pki.Root, "r1"), 30);
        var pending = File.ReadAllText(pki.Layout.Registry);
        Assert.Contains("already pending", Assert.Throws<PkiException>(() => DeviceRenewal.Issue(pki.Dir, "sensor-2", Path.Combine(pki.Root, "r2"), 30)).Message, StringComparison.Ordinal);
        Assert.Equal(pending, File.ReadAllText(pki.Layout.Registry));
        Assert.False(Directory.Exists(Path.Combine(pki.Root, "r2")));
    }

    private static string Verify(TempPki pki, string certificate)
    {
        var output = Run("openssl", "verify", "-CAfile", pki.Layout.CaCertificate, "-CRLfile", pki.Layout.Crl, "-crl_check", certificate);
        return output.Contains(": OK", StringComparison.Ordinal) ? "OK" : output;
    }

    private static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
