using EdgeSecurity.TestSupport.Mqtt;
using System.Diagnostics;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Pki.Topics;

namespace EdgeSecurity.Broker.Tests;

/// <summary>Who can connect at all: only TLS 1.2+ clients with a certificate from this fleet's CA that is not revoked.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ConnectionSecurityTests(BrokerFixture broker)
{
    [Fact]
    [Trait("Requirement", "SR-BRK-001")]
    public async Task Plaintext_and_certificate_less_connections_are_refused()
    {
        Assert.NotEqual(0, await MosquittoClients.PublishAsync(broker, identity: null, "es/v1/d/dev-a/evt", "x", tls: false));
        Assert.NotEqual(0, await MosquittoClients.PublishAsync(broker, identity: null, "es/v1/d/dev-a/evt", "x", tls: true));
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker, broker.DeviceA, "es/v1/d/dev-a/evt", "x"));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-001")]
    public async Task Tls_below_1_2_is_refused()
    {
        Assert.NotEqual(0, await HandshakeAsync("-tls1_1"));
        Assert.Equal(0, await HandshakeAsync("-tls1_2"));
        Assert.Equal(0, await HandshakeAsync("-tls1_3"));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-005")]
    public async Task A_certificate_from_another_ca_cannot_connect_even_with_a_known_device_id()
    {
        string otherRoot = Path.Combine(broker.Root, "other-fleet-" + Guid.NewGuid().ToString("N"));
        FleetPki.Initialize(new PkiInitOptions { Directory = otherRoot });
        string trustRoot = Path.Combine(otherRoot, "trustroot.bin");
        await File.WriteAllBytesAsync(trustRoot, [9]);
        var impostor = DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = otherRoot,
            DeviceIds = ["dev-a"],
            BrokerHost = "localhost",
            BrokerPort = broker.Port,
            TrustRootPath = trustRoot,
        })[0];
        var identity = new MqttIdentity(
            "dev-a",
            Path.Combine(impostor.PackageDirectory, ProvisioningPackage.DeviceCertificateFile),
            Path.Combine(impostor.PackageDirectory, ProvisioningPackage.DeviceKeyFile));

        Assert.NotEqual(0, await MosquittoClients.PublishAsync(broker, identity, DeviceTopics.For("dev-a", DeviceTopics.Events), "impostor"));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-004")]
    [Trait("Requirement", "SR-PKI-008")]
    public async Task A_revoked_device_is_disconnected_and_cannot_connect_again()
    {
        await using var connected = await MqttSubscriber.StartAsync(broker, broker.DeviceToRevoke, DeviceTopics.For("dev-r", DeviceTopics.Commands));
        var applied = new TaskCompletionSource<Supervision.RevocationsAppliedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnApplied(object? sender, Supervision.RevocationsAppliedEventArgs e) => applied.TrySetResult(e);
        broker.Supervisor.RevocationsApplied += OnApplied;
        try
        {
            Pki.Registry.DeviceRevocation.Revoke(broker.Pki.Root, "dev-r", System.Security.Cryptography.X509Certificates.X509RevocationReason.KeyCompromise);

            // The supervisor notices the new CRL by itself and disconnects the revoked device.
            var revocation = await applied.Task.WaitAsync(MosquittoClients.Timeout);
            Assert.Equal(["dev-r"], revocation.DisconnectedDevices);
        }
        finally
        {
            broker.Supervisor.RevocationsApplied -= OnApplied;
        }

        await connected.Exited.WaitAsync(MosquittoClients.Timeout);
        Assert.NotEqual(0, await MosquittoClients.PublishAsync(broker, broker.DeviceToRevoke, DeviceTopics.For("dev-r", DeviceTopics.Events), "after-revocation"));
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker, broker.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Events), "others-unaffected"));
    }

    private async Task<int> HandshakeAsync(string protocolFlag)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[]
        {
            "s_client", "-connect", $"127.0.0.1:{broker.Port}", protocolFlag, "-CAfile", broker.Pki.CaCertificate,
            "-cert", broker.DeviceA.CertificatePath, "-key", broker.DeviceA.KeyPath, "-verify_return_error",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(MosquittoClients.Timeout);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }
}
