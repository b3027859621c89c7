using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.TestSupport.Mqtt;
using Xunit.Abstractions;

namespace EdgeSecurity.Broker.Tests;

/// <summary>A revocation cuts the revoked device alone: the rest of the fleet keeps its connections.</summary>
[Collection(BrokerCollection.Name)]
public sealed class RevocationTests(BrokerFixture broker, ITestOutputHelper output)
{
    [Fact]
    [Trait("Requirement", "SR-BRK-011")]
    [Trait("Requirement", "SR-BRK-004")]
    public async Task Revoking_one_device_cuts_it_alone_and_the_others_keep_their_connections()
    {
        await using var deviceA = await MqttSubscriber.StartAsync(broker, broker.DeviceA, DeviceTopics.For("dev-a", DeviceTopics.Commands));
        await using var deviceB = await MqttSubscriber.StartAsync(broker, broker.DeviceB, DeviceTopics.For("dev-b", DeviceTopics.Commands));
        await using var revoked = await PahoSession.ConnectAsync(broker, broker.SecondDeviceToRevoke);

        var clock = Stopwatch.StartNew();
        DeviceRevocation.Revoke(broker.Pki.Root, "dev-r2", X509RevocationReason.KeyCompromise);

        // The supervisor notices the new CRL by itself and cuts the revoked device's connection.
        await revoked.Dropped.WaitAsync(TimeSpan.FromSeconds(30));
        var cut = clock.Elapsed;
        Assert.False(await revoked.Reconnected.WaitAsync(MosquittoClients.Timeout), "the revoked device connected again");
        output.WriteLine($"revoked device cut {cut.TotalMilliseconds:0} ms after the CRL was written");

        // The others were never disconnected: their first connection still delivers.
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker.Service, broker.Host, DeviceTopics.For("dev-a", DeviceTopics.Commands), "after-revocation-a"));
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker.Service, broker.Host, DeviceTopics.For("dev-b", DeviceTopics.Commands), "after-revocation-b"));
        await deviceA.WaitForPayloadAsync("after-revocation-a");
        await deviceB.WaitForPayloadAsync("after-revocation-b");
        Assert.True(deviceA.Connects == 1, deviceA.Output);
        Assert.True(deviceB.Connects == 1, deviceB.Output);
        Assert.False(deviceA.Exited.IsCompleted || deviceB.Exited.IsCompleted);
    }
}
