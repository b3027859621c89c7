using System.Diagnostics;
using EdgeSecurity.Broker.Configuration;
using EdgeSecurity.Broker.Supervision;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.TestSupport.Mqtt;

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
        Assert.NotEqual(0, (await HandshakeAsync(broker.Port, "-tls1_1")).ExitCode);
        Assert.Equal(0, (await HandshakeAsync(broker.Port, "-tls1_2")).ExitCode);
        Assert.Equal(0, (await HandshakeAsync(broker.Port, "-tls1_3")).ExitCode);
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-001")]
    public async Task Tls_1_1_is_refused_by_the_generated_configuration_itself()
    {
        // OpenSSL 3's default security level refuses TLS 1.1 on both sides by itself, which would hide a
        // broker configured for TLS 1.1 (such a broker passed the test above). With that floor lowered on
        // both sides, only the generated tls_version line stands between a TLS 1.1 client and the broker:
        // with "tls_version tlsv1.1" this client's handshake succeeds.
        var options = new BrokerOptions { PkiDirectory = broker.Pki.Root, DataDirectory = Path.Combine(broker.Root, "tls11-" + Guid.NewGuid().ToString("N")[..8]), Port = FreePort(), ServicePort = FreePort() };
        var files = BrokerConfigurationWriter.Write(options, options.Port, options.ServicePort);
        string config = await File.ReadAllTextAsync(files.ConfigPath);
        await File.WriteAllTextAsync(files.ConfigPath, config.Replace("tls_version tlsv1.2\n", "tls_version tlsv1.2\nciphers DEFAULT@SECLEVEL=0\n", StringComparison.Ordinal));
        using var mosquitto = Process.Start(MosquittoExecutable.Locate(), ["-c", files.ConfigPath]);
        try
        {
            foreach (int port in new[] { options.Port, options.ServicePort })
            {
                Assert.True(await ListeningAsync(port), "mosquitto did not listen on " + port);
                var tls11 = await HandshakeAsync(port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
                Assert.NotEqual(0, tls11.ExitCode);
                Assert.Contains("alert protocol version", tls11.Output, StringComparison.Ordinal);
                Assert.Equal(0, (await HandshakeAsync(port, "-tls1_2", "-cipher", "DEFAULT@SECLEVEL=0")).ExitCode);
            }
        }
        finally
        {
            mosquitto.Kill();
            await mosquitto.WaitForExitAsync();
        }
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
        var identity = MqttIdentity.FromPackage("dev-a", impostor.PackageDirectory);

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

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> ListeningAsync(int port)
    {
        for (int i = 0; i < 100; i++)
        {
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    private async Task<(int ExitCode, string Output)> HandshakeAsync(int port, params string[] protocolFlags)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            "s_client", "-connect", $"127.0.0.1:{port}", .. protocolFlags, "-CAfile", broker.Pki.CaCertificate,
            "-cert", broker.DeviceA.CertificatePath, "-key", broker.DeviceA.KeyPath, "-verify_return_error",
        ];
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(MosquittoClients.Timeout);
        await Task.WhenAll(output, error);
        return (process.ExitCode, await output + await error);
    }
}
