using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>API tokens and host events behave the same on every database.</summary>
public abstract partial class TelemetryStoreContract
{
    [Fact]
    [Trait("Requirement", "SR-API-007")]
    public async Task Tokens_are_found_by_hash_until_revoked_and_names_are_never_reused()
    {
        var hash = new string('a', 64);
        Assert.True(await Store.CreateTokenAsync(new ApiTokenRecord("ops", "operator", hash, 10, null), CancellationToken.None));
        Assert.False(await Store.CreateTokenAsync(new ApiTokenRecord("ops", "viewer", new string('b', 64), 11, null), CancellationToken.None));
        Assert.False(await Store.CreateTokenAsync(new ApiTokenRecord("other", "viewer", hash, 11, null), CancellationToken.None));

        Assert.Equal("ops", (await Store.FindActiveTokenAsync(hash, CancellationToken.None))?.Name);
        Assert.True(await Store.RevokeTokenAsync("ops", 20, CancellationToken.None));
        Assert.False(await Store.RevokeTokenAsync("ops", 21, CancellationToken.None));
        Assert.Null(await Store.FindActiveTokenAsync(hash, CancellationToken.None));
        Assert.False(await Store.CreateTokenAsync(new ApiTokenRecord("ops", "viewer", new string('c', 64), 30, null), CancellationToken.None));
        Assert.Equal(new ApiTokenRecord("ops", "operator", hash, 10, 20), Assert.Single(await Store.ListTokensAsync(CancellationToken.None)));
    }

    [Fact]
    [Trait("Requirement", "SR-API-008")]
    public async Task Host_events_are_paged_newest_first_and_filtered()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Store.RecordHostEventAsync(new HostEventRecord(100 * i, i % 2 == 0 ? "b" : "a", 2, "192.0.2.1", null, "d" + i), CancellationToken.None);
        }

        var first = await Store.QueryHostEventsAsync(new HostEventQuery(Type: "a", Limit: 2), CancellationToken.None);
        var second = await Store.QueryHostEventsAsync(new HostEventQuery(Type: "a", Cursor: first.NextCursor, Limit: 2), CancellationToken.None);
        var window = await Store.QueryHostEventsAsync(new HostEventQuery(FromMs: 200, ToMs: 400), CancellationToken.None);

        Assert.Equal(["d5", "d3"], first.Items.Select(e => e.Detail));
        Assert.Equal(["d1"], second.Items.Select(e => e.Detail));
        Assert.Null(second.NextCursor);
        Assert.Equal(["d3", "d2"], window.Items.Select(e => e.Detail));
    }
}
