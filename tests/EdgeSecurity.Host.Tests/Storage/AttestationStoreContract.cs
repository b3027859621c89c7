using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Storage.Sql;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>Challenges, nonces and attested postures; run once per database (SQLite, PostgreSQL).</summary>
public abstract class AttestationStoreContract : IAsyncLifetime
{
    private ITelemetryStore? _store;

    private ITelemetryStore Store => _store ?? throw new InvalidOperationException("Store not opened.");

    private IAttestationStore Attestation => Store.Attestation;

    private protected abstract Task<SqlDialect> OpenDialectAsync();

    public async Task InitializeAsync()
    {
        _store = new SqlTelemetryStore(await OpenDialectAsync());
        await _store.MigrateAsync(CancellationToken.None);
        foreach (var id in new[] { "d1", "d2" })
        {
            await _store.UpsertDeviceAsync(new DeviceRecord(id, DeviceStatus.Active, "esp32", 10, null, null, null, null), CancellationToken.None);
        }

        await _store.UpsertDeviceAsync(new DeviceRecord("gone", DeviceStatus.Revoked, "esp32", 10, null, null, null, 20), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    internal static AttestedPosture Posture(long head = 5) => new(1, 7, 1, 2, true, "00112233445566778899aabbccddeeff", 5, 4, 0, 1, head, new string('a', 64), 1000);

    [Fact]
    [Trait("Requirement", "SR-ATT-004")]
    public async Task A_nonce_is_used_once_only_by_its_device_and_only_before_its_deadline()
    {
        await Attestation.IssueChallengeAsync(new AttestationChallenge("aa", "d1", 100, 200), 5000, CancellationToken.None);
        await Attestation.IssueChallengeAsync(new AttestationChallenge("bb", "d1", 100, 200), 5000, CancellationToken.None);

        Assert.Equal(ChallengeRedemption.OtherDevice, await Attestation.RedeemChallengeAsync("d2", "aa", 150, CancellationToken.None));
        Assert.Equal(ChallengeRedemption.Unknown, await Attestation.RedeemChallengeAsync("d1", "cc", 150, CancellationToken.None));
        Assert.Equal(ChallengeRedemption.Fresh, await Attestation.RedeemChallengeAsync("d1", "aa", 200, CancellationToken.None));
        Assert.Equal(ChallengeRedemption.AlreadyUsed, await Attestation.RedeemChallengeAsync("d1", "aa", 201, CancellationToken.None));
        Assert.Equal(ChallengeRedemption.Expired, await Attestation.RedeemChallengeAsync("d1", "bb", 201, CancellationToken.None));
        Assert.Equal(ChallengeRedemption.Expired, await Attestation.RedeemChallengeAsync("d1", "bb", 202, CancellationToken.None));

        // The expired one was reported by its answer: the sweep does not report it again.
        Assert.Empty(await Attestation.ClaimOverdueChallengesAsync(10_000, CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-006")]
    public async Task An_overdue_challenge_is_claimed_as_late_exactly_once()
    {
        await Attestation.IssueChallengeAsync(new AttestationChallenge("aa", "d1", 100, 200), 5000, CancellationToken.None);
        await Attestation.IssueChallengeAsync(new AttestationChallenge("bb", "d2", 100, 300), 5000, CancellationToken.None);

        Assert.Empty(await Attestation.ClaimOverdueChallengesAsync(200, CancellationToken.None));
        var claimed = await Attestation.ClaimOverdueChallengesAsync(250, CancellationToken.None);
        var again = await Attestation.ClaimOverdueChallengesAsync(260, CancellationToken.None);

        Assert.Equal("aa", Assert.Single(claimed).NonceHex);
        Assert.Empty(again);
        Assert.Equal(ChallengeRedemption.Expired, await Attestation.RedeemChallengeAsync("d1", "aa", 270, CancellationToken.None));
        Assert.Equal("bb", Assert.Single(await Attestation.ClaimOverdueChallengesAsync(301, CancellationToken.None)).NonceHex);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-010")]
    public async Task New_active_devices_are_scheduled_once_and_are_due_at_their_next_time()
    {
        Assert.Empty(await Attestation.ListDueDevicesAsync(long.MaxValue, CancellationToken.None));
        var firstAt = new Queue<long>([300, 700]);

        Assert.Equal(2, await Attestation.ScheduleNewDevicesAsync(firstAt.Dequeue, CancellationToken.None));
        Assert.Equal(0, await Attestation.ScheduleNewDevicesAsync(() => 0, CancellationToken.None));

        Assert.Empty(await Attestation.ListDueDevicesAsync(299, CancellationToken.None));
        Assert.Equal(["d1"], await Attestation.ListDueDevicesAsync(300, CancellationToken.None));
        Assert.Equal(["d1", "d2"], await Attestation.ListDueDevicesAsync(700, CancellationToken.None));
        Assert.Equal(AttestationStates.Never, (await Attestation.ListAsync("d1", CancellationToken.None))["d1"].State);

        await Attestation.IssueChallengeAsync(new AttestationChallenge("aa", "d1", 100, 200), 5000, CancellationToken.None);

        Assert.Equal(["d2"], await Attestation.ListDueDevicesAsync(4999, CancellationToken.None));
        Assert.Equal(["d1", "d2"], await Attestation.ListDueDevicesAsync(5000, CancellationToken.None));
        var record = (await Attestation.ListAsync("d1", CancellationToken.None))["d1"];
        Assert.Equal(AttestationStates.Never, record.State);
        Assert.Equal(100, record.LastChallengeAtMs);
        Assert.Null(record.LastAttestedAtMs);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-009")]
    public async Task A_verified_posture_is_kept_through_later_failures_and_replaced_by_the_next_verified_one()
    {
        await Attestation.RecordVerifiedAsync("d1", Posture(), ChainCheckNames.Pending, 1000, CancellationToken.None);
        await Attestation.RecordOutcomeAsync("d1", AttestationStates.Failed, "MAC does not verify", 2000, CancellationToken.None);

        var failed = (await Attestation.ListAsync(null, CancellationToken.None))["d1"];
        Assert.Equal(AttestationStates.Failed, failed.State);
        Assert.Equal("MAC does not verify", failed.StateDetail);
        Assert.Equal(1000, failed.LastAttestedAtMs);
        Assert.Equal(Posture(), failed.Posture);
        Assert.Equal(ChainCheckNames.Pending, failed.ChainCheck);

        await Attestation.RecordVerifiedAsync("d1", Posture(head: 9), ChainCheckNames.Consistent, 3000, CancellationToken.None);
        var verified = (await Attestation.ListAsync("d1", "d1", CancellationToken.None))["d1"];
        Assert.Equal(AttestationStates.Verified, verified.State);
        Assert.Null(verified.StateDetail);
        Assert.Equal(3000, verified.LastAttestedAtMs);
        Assert.Equal(9, verified.Posture!.JournalHeadSequence);
        Assert.Empty(await Attestation.ListAsync("d2", CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-007")]
    public async Task A_pending_chain_check_settles_once_and_only_for_the_head_it_was_made_for()
    {
        await Attestation.RecordVerifiedAsync("d1", Posture(head: 5), ChainCheckNames.Pending, 1000, CancellationToken.None);

        Assert.False(await Attestation.ResolveChainCheckAsync("d1", 6, ChainCheckNames.Consistent, CancellationToken.None));
        Assert.True(await Attestation.ResolveChainCheckAsync("d1", 5, ChainCheckNames.Consistent, CancellationToken.None));
        Assert.False(await Attestation.ResolveChainCheckAsync("d1", 5, ChainCheckNames.Unresolved, CancellationToken.None));
        Assert.Equal(ChainCheckNames.Consistent, (await Attestation.ListAsync("d1", CancellationToken.None))["d1"].ChainCheck);
    }
}
