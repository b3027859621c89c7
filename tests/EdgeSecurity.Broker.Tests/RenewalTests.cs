using System.Diagnostics;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.TestSupport.Mqtt;

namespace EdgeSecurity.Broker.Tests;

/// <summary>
/// Certificate renewal against the real broker, with mosquitto_pub as the device: the renewed certificate
/// connects while the previous one still works, and after the renewal is completed the broker refuses the
/// previous certificate and keeps accepting the renewed one.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class RenewalTests(BrokerFixture broker)
{
    [Fact]
    [Trait("Requirement", "SR-ID-006")]
    public async Task A_renewed_certificate_connects_and_after_completion_the_previous_one_is_refused()
    {
        const string deviceId = "dev-renew";
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = broker.Pki.Root,
            DeviceIds = [deviceId],
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = Path.Combine(broker.Root, "trustroot.bin"),
            OutputDirectory = broker.PackagesDirectory,
        });
        var previous = MqttIdentity.FromPackage(deviceId, Path.Combine(broker.PackagesDirectory, deviceId));
        var renewedDirectory = Path.Combine(broker.Root, "renewed-" + deviceId);
        var topic = DeviceTopics.For(deviceId, DeviceTopics.Events);
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker, previous, topic, "before"));

        DeviceRenewal.Issue(broker.Pki.Root, deviceId, renewedDirectory, 30);
        var renewed = MqttIdentity.FromPackage(deviceId, renewedDirectory);

        Assert.Equal(0, await MosquittoClients.PublishAsync(broker, renewed, topic, "renewed"));
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker, previous, topic, "still valid while pending"));

        DeviceRenewal.Complete(broker.Pki.Root, deviceId);

        // The supervisor applies the new CRL by itself (polled every 200 ms in this fixture).
        var clock = Stopwatch.StartNew();
        while (await MosquittoClients.PublishAsync(broker, previous, topic, "after") == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the broker still accepts the previous certificate");
            await Task.Delay(200);
        }

        // The first refusal can come while the broker is still taking the new CRL in (a connection lost
        // mid-reload, exit 7): the renewed certificate must connect once it has, and the previous one stay refused.
        int renewedExit;
        while ((renewedExit = await MosquittoClients.PublishAsync(broker, renewed, topic, "renewed after completion")) != 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the broker refuses the renewed certificate after completion (mosquitto_pub exit {renewedExit})");
            await Task.Delay(200);
        }

        Assert.NotEqual(0, await MosquittoClients.PublishAsync(broker, previous, topic, "after, again"));
    }
}
