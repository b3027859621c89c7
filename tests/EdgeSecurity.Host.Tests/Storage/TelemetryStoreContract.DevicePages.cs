using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>The device list a page at a time: the same devices as the whole list, in the same order, at every page size.</summary>
public abstract partial class TelemetryStoreContract
{
    [Fact]
    public async Task Device_pages_walk_the_whole_list_in_id_order_without_gaps_or_repeats_at_every_page_size()
    {
        // Ids chosen so that their sort order is not their insertion order.
        var ids = Enumerable.Range(0, 23).Select(i => $"dev-{(i * 7) % 23:D2}").ToList();
        foreach (var id in ids)
        {
            await Store.UpsertDeviceAsync(new DeviceRecord(id, DeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
        }

        var whole = (await Store.ListDevicesAsync(CancellationToken.None)).Select(d => d.DeviceId).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), whole);
        for (var limit = 1; limit <= ids.Count + 1; limit++)
        {
            var walked = new List<string>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await Store.QueryDevicesAsync(new DeviceQuery(cursor, limit), CancellationToken.None);
                Assert.InRange(page.Items.Count, 1, limit);
                walked.AddRange(page.Items.Select(d => d.DeviceId));
                cursor = page.NextCursor;
                Assert.True(cursor is null || cursor == page.Items[^1].DeviceId);
                pages++;
            }
            while (cursor is not null);

            Assert.Equal(whole, walked);
            Assert.Equal((ids.Count + limit - 1) / limit, pages);
        }
    }

    [Fact]
    public async Task A_device_page_after_an_id_that_is_not_enrolled_starts_at_the_next_enrolled_id()
    {
        foreach (var id in new[] { "dev-a", "dev-c", "dev-e" })
        {
            await Store.UpsertDeviceAsync(new DeviceRecord(id, DeviceStatus.Active, null, 1, null, null, null, null), CancellationToken.None);
        }

        var page = await Store.QueryDevicesAsync(new DeviceQuery("dev-b", 1), CancellationToken.None);
        var last = await Store.QueryDevicesAsync(new DeviceQuery("dev-e", 10), CancellationToken.None);

        Assert.Equal(["dev-c"], page.Items.Select(d => d.DeviceId));
        Assert.Equal("dev-c", page.NextCursor);
        Assert.Empty(last.Items);
        Assert.Null(last.NextCursor);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryDevicesAsync(new DeviceQuery(null, 0), CancellationToken.None));
    }
}
