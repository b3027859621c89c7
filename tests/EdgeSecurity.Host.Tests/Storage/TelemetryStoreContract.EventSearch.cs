using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>Event search pages against the same filter done in memory: every combination, every page size.</summary>
public abstract partial class TelemetryStoreContract
{
    [Fact]
    public async Task Event_search_pages_equal_the_filter_done_in_memory_for_every_minimum_severity_and_window()
    {
        var events = Enumerable.Range(1, 40).Select(i => Event(i % 3 == 0 ? "dev-x" : "dev-y", i, type: i % 2, severity: (i * 7) % 5)).ToArray();
        await Store.CommitAsync(new IngestBatch(events, []), CancellationToken.None);
        var stored = (await Store.QueryEventsAsync(new EventQuery(Limit: 1000), CancellationToken.None)).Items;

        foreach (var device in new string?[] { null, "dev-x" })
        {
            foreach (var minimum in new int?[] { null, 0, 1, 2, 3, 4 })
            {
                foreach (var (from, to) in new (long?, long?)[] { (null, null), (1010, 1030), (1020, null) })
                {
                    var expected = stored
                        .Where(e => (device is null || e.DeviceId == device) && (minimum is null || e.Severity >= minimum) && (from is null || e.ReceivedAtMs >= from) && (to is null || e.ReceivedAtMs < to))
                        .Select(e => e.Id)
                        .ToList();
                    foreach (var limit in new[] { 1, 3, 50 })
                    {
                        var walked = new List<long>();
                        string? cursor = null;
                        do
                        {
                            var page = await Store.QueryEventsAsync(new EventQuery(device, null, minimum, from, to, cursor, limit), CancellationToken.None);
                            walked.AddRange(page.Items.Select(e => e.Id));
                            cursor = page.NextCursor;
                        }
                        while (cursor is not null);

                        Assert.Equal(expected, walked);
                    }
                }
            }
        }
    }
}
