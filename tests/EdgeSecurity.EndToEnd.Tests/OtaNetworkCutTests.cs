using System.Collections.Concurrent;
using System.Text.Json;
using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Transport;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// Network cuts in the middle of downloads on several devices of a campaign, end to end (host, mosquitto
/// with mutual TLS, devices running the real core): each cut device loses the broker twice while chunks are
/// in flight, resumes from its last verified chunk, asks again only for chunks it does not hold verified,
/// and ends on the confirmed new bundle with a counter that never went down.
/// </summary>
public abstract class OtaNetworkCutTests(EndToEndFleet fleet, StoreUnderTest store)
{
    private const int Devices = 10;
    private static readonly string[] CutDevices = ["dev-2", "dev-4", "dev-ota-03"];

    /// <summary>Verified chunks at which a cut device loses the broker (the download has 11 chunks, at most 4 in flight).</summary>
    private static readonly int[] CutsAt = [3, 7];

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);

    [Fact]
    [Trait("Requirement", "SR-OTA-034")]
    public async Task Devices_cut_off_mid_download_resume_from_their_last_verified_chunk_and_ask_only_for_missing_chunks()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "ota-network-cuts", OtaApi.HostArguments(fleet));
        await run.StartDevicesAsync(Devices);
        var watches = run.Devices!.Devices.ToDictionary(d => d.DeviceId, d => new DownloadWatch(d, CutDevices.Contains(d.DeviceId) ? CutsAt : []));

        var bundleId = await OtaApi.UploadAsync(run, run.Fleet.Release.Updates[0]);
        var campaign = await OtaApi.CreateCampaignAsync(run, bundleId, ["100%"]);
        var done = await OtaApi.WaitForCampaignAsync(run, campaign, c => c.GetProperty("status").GetString() != "running", []);

        Assert.True(done.GetProperty("status").GetString() == "completed", OtaApi.Describe(run, done));
        Assert.Equal(Devices, done.GetProperty("counts").GetProperty("confirmed").GetInt32());
        foreach (var (deviceId, watch) in watches)
        {
            watch.Stop();
            Assert.True(watch.Violations.IsEmpty, $"{deviceId}: " + string.Join("; ", watch.Violations));
            var runtime = run.Devices[deviceId].Runtime!;
            Assert.False(runtime.Decision.IsTrial, deviceId);
            Assert.StartsWith("2.", runtime.Decision.Report.Version, StringComparison.Ordinal);
            Assert.Equal(2, runtime.Decision.Report.ConfirmedCounter);

            // Every chunk of the bundle was asked for (the download completed through requests, not by luck).
            Assert.Equal(watch.TotalChunks, watch.DistinctRequested);
        }

        foreach (var deviceId in CutDevices)
        {
            var watch = watches[deviceId];
            Assert.Equal(CutsAt.Length, watch.Cuts.Count);
            Assert.Equal(CutsAt.Length, ((MqttDeviceTransport)run.Devices[deviceId].Link).BrokerOutage.Count);
            foreach (var cut in watch.Cuts)
            {
                // Resumed from the last verified chunk: what was verified at the cut was never asked for again,
                // and every chunk missing then was asked for again, except one already asked for and in flight at
                // the cut, which the broker may still deliver from the device's persistent session.
                Assert.Empty(cut.RequestedAfter.Intersect(cut.VerifiedAtCut));
                var missingNotAskedAgain = watch.TotalChunks - cut.VerifiedAtCut.Count - cut.RequestedAfter.Count;
                Assert.True(missingNotAskedAgain >= 0, $"{deviceId} asked after the cut for chunks it did not miss");
                Assert.True(missingNotAskedAgain <= cut.InFlightAtCut.Count, $"{deviceId} did not ask again for {missingNotAskedAgain} missing chunk(s), more than the {cut.InFlightAtCut.Count} in flight at the cut");
            }
        }

        // The host followed the cut devices through to the confirmed boot.
        var states = await OtaApi.GetJsonAsync(run, $"/api/v1/ota/campaigns/{campaign}/devices");
        Assert.All(states.EnumerateArray(), d => Assert.Equal("confirmed", d.GetProperty("state").GetString()));
        Assert.All(states.EnumerateArray().Where(d => CutDevices.Contains(d.GetProperty("deviceId").GetString())), d => Assert.Equal(d.GetProperty("chunksTotal").GetInt64(), d.GetProperty("chunksPresent").GetInt64()));
    }

    /// <summary>
    /// Watches one device's chunk requests on its own thread (the link's publish observer runs inside the
    /// device's step): no request may name a chunk the device holds verified, verified chunks and the
    /// confirmed counter never go down, and at each planned point the link loses the broker.
    /// </summary>
    private sealed class DownloadWatch
    {
        private readonly SimulatedDevice _device;
        private readonly MqttDeviceTransport _link;
        private readonly int[] _cutsAt;
        private readonly HashSet<string> _requested = [];
        private BundleDownload? _download;
        private int _lastVerified;
        private long _lastCounter;

        public DownloadWatch(SimulatedDevice device, int[] cutsAt)
        {
            _device = device;
            _link = (MqttDeviceTransport)device.Link;
            _cutsAt = cutsAt;
            _link.Publishing = OnPublish;
        }

        public ConcurrentQueue<string> Violations { get; } = new();

        public List<Cut> Cuts { get; } = [];

        public int TotalChunks { get; private set; }

        public int DistinctRequested => _requested.Count;

        public void Stop() => _link.Publishing = null;

        private void OnPublish(string topic, byte[] payload)
        {
            var runtime = _device.Runtime;
            if (runtime is null)
            {
                return;
            }

            var counter = runtime.Decision.Report.ConfirmedCounter;
            if (counter < _lastCounter)
            {
                Violations.Enqueue($"confirmed counter went down from {_lastCounter} to {counter}");
            }

            _lastCounter = counter;
            if (topic != DeviceTopics.For(_device.DeviceId, DeviceTopics.OtaReport) || OtaMessages.Classify(payload) != OtaMessageType.ChunkRequest
                || runtime.Updates?.Download is not { } download)
            {
                return;
            }

            if (!ReferenceEquals(download, _download))
            {
                _download = download;
                _lastVerified = 0;
                TotalChunks = download.TotalChunks;
            }

            if (download.PresentChunks < _lastVerified)
            {
                Violations.Enqueue($"verified chunks went down from {_lastVerified} to {download.PresentChunks}");
            }

            _lastVerified = download.PresentChunks;
            var request = OtaChunkRequestCodec.Decode(payload);
            for (var i = 0; i < request.Count; i++)
            {
                var chunk = request.GetChunk(i);
                var name = chunk.ComponentIndex + "/" + chunk.ChunkIndex;
                if (download.HasChunk(chunk.ComponentIndex, chunk.ChunkIndex))
                {
                    Violations.Enqueue($"asked again for chunk {name}, which it holds verified");
                }

                _requested.Add(name);
                foreach (var cut in Cuts)
                {
                    cut.RequestedAfter.Add(name);
                }
            }

            if (Cuts.Count < _cutsAt.Length && download.PresentChunks >= _cutsAt[Cuts.Count] && !download.IsComplete)
            {
                var verified = new HashSet<string>();
                for (var component = 0; component < download.Manifest.ComponentCount; component++)
                {
                    var entry = download.Manifest.GetComponent(component);
                    for (var chunk = 0; chunk < EsHmacSha256V1.ChunkCount(entry.Size, entry.ChunkSize); chunk++)
                    {
                        if (download.HasChunk(component, chunk))
                        {
                            verified.Add(component + "/" + chunk);
                        }
                    }
                }

                // This request is on its way: the chunks it names are in flight when the network goes, with those
                // of earlier requests not yet answered.
                Cuts.Add(new Cut(verified, [.. _requested.Where(name => !verified.Contains(name))]));
                _link.BeginBrokerOutage(Outage);
            }
        }
    }

    private sealed record Cut(HashSet<string> VerifiedAtCut, HashSet<string> InFlightAtCut)
    {
        public HashSet<string> RequestedAfter { get; } = [];
    }
}

[Collection(EndToEndCollection.Name)]
public sealed class OtaNetworkCutOnSqliteTests(EndToEndFleet fleet) : OtaNetworkCutTests(fleet, StoreUnderTest.Sqlite);

[Collection(EndToEndCollection.Name)]
public sealed class OtaNetworkCutOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres) : OtaNetworkCutTests(fleet, StoreUnderTest.Postgres(postgres));
