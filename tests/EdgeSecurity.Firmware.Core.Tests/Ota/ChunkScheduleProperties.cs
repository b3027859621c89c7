using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>
/// The download bookkeeping over random sequences of polls, answers, losses, digest failures and link drops:
/// never more than the window in flight, never a request for a chunk already present, a lost request asked
/// again after the timeout, and every chunk present in the end once the host answers.
/// </summary>
[Trait("Requirement", "SR-OTA-004")]
public sealed class ChunkScheduleProperties
{
    private const long TimeoutMs = 500;
    private static readonly TestRelease Release = new();
    private static readonly TestBundle Bundle = Release.Bundle(1, 1, seed: 71, sizes: [5000, 0, 2100]);

    [Fact]
    public void Window_timeouts_and_completion_hold_over_random_histories()
    {
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(0, 5)).ToArbitrary(),
            Gen.Choose(1, OtaChunkRequest.MaxEntries).ToArbitrary(),
            (actions, window) =>
            {
                var schedule = new ChunkSchedule(Bundle.Manifest, window, TimeoutMs);
                var outstanding = new List<int>();
                long now = 0;
                foreach (int action in actions)
                {
                    now += 100;
                    switch (action)
                    {
                        case 0 or 1:
                            foreach (var id in schedule.TakeDueRequests(now))
                            {
                                int global = schedule.GlobalIndex(id.ComponentIndex, id.ChunkIndex);
                                Assert.False(schedule.IsPresent(global), "requested a chunk already present");
                                outstanding.Add(global);
                            }

                            break;
                        case 2 when outstanding.Count > 0:
                            // The host answers the oldest request; the chunk verifies.
                            schedule.MarkPresent(outstanding[0]);
                            outstanding.RemoveAll(g => g == outstanding[0]);
                            break;
                        case 3 when outstanding.Count > 0:
                            // A digest failure: the chunk is asked for again at once.
                            schedule.Release(outstanding[0]);
                            outstanding.RemoveAt(0);
                            break;
                        case 4:
                            // The request is lost: nothing happens until the timeout.
                            break;
                        case 5:
                            schedule.ReleaseAll();
                            outstanding.Clear();
                            break;
                    }

                    Assert.InRange(schedule.InFlight().Length, 0, window);
                    Assert.All(schedule.InFlight(), g => Assert.False(schedule.IsPresent(g)));
                }

                // From here the host answers everything it is asked: the download completes.
                for (int round = 0; round < 1000 && !schedule.IsComplete; round++)
                {
                    now += TimeoutMs;
                    foreach (var id in schedule.TakeDueRequests(now))
                    {
                        schedule.MarkPresent(schedule.GlobalIndex(id.ComponentIndex, id.ChunkIndex));
                    }
                }

                Assert.True(schedule.IsComplete);
                Assert.Empty(schedule.InFlight());
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void A_request_not_answered_within_the_timeout_is_asked_again_and_only_then()
    {
        var schedule = new ChunkSchedule(Bundle.Manifest, 2, TimeoutMs);
        var first = schedule.TakeDueRequests(0);
        Assert.Equal(2, first.Length);

        Assert.Empty(schedule.TakeDueRequests(TimeoutMs - 1));
        var again = schedule.TakeDueRequests(TimeoutMs);

        Assert.Equal(first.Select(c => (c.ComponentIndex, c.ChunkIndex)), again.Select(c => (c.ComponentIndex, c.ChunkIndex)));
    }

    [Fact]
    public void Chunks_beyond_the_manifest_have_no_index()
    {
        var schedule = new ChunkSchedule(Bundle.Manifest, 4, TimeoutMs);

        Assert.Equal(-1, schedule.GlobalIndex(1, 0));
        Assert.Equal(-1, schedule.GlobalIndex(0, Bundle.Manifest.GetComponent(0).ChunkCount));
        Assert.Equal(-1, schedule.GlobalIndex(Bundle.Manifest.ComponentCount, 0));
        Assert.Equal(-1, schedule.GlobalIndex(0, -1));
    }
}
