using System.Data.Common;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>Posture attestation (schema migration "posture attestation"): challenges and each device's attestation record.</summary>
internal sealed partial class SqlTelemetryStore : IAttestationStore
{
    private const int ChallengePending = 0;
    private const int ChallengeAnswered = 1;
    private const int ChallengeLate = 2;

    private const string AttestationColumns =
        "device_id, state, state_at, state_detail, last_challenge_at, next_challenge_at, attested_at, key_epoch, boot_count, boot_mode, running_slot, trial, " +
        "bundle_digest, bundle_counter, confirmed_counter, containment, integrity, journal_seq, journal_mac, uptime_ms, chain_check";

    public IAttestationStore Attestation => this;

    public Task IssueChallengeAsync(AttestationChallenge challenge, long nextChallengeAtMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = connection.Command(
                    "INSERT INTO attestation_challenges (nonce, device_id, issued_at, deadline_at, state) VALUES (@n, @d, @i, @dl, @s)", transaction)
                    .With("@n", challenge.NonceHex).With("@d", challenge.DeviceId).With("@i", challenge.IssuedAtMs).With("@dl", challenge.DeadlineAtMs).With("@s", ChallengePending);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using var schedule = connection.Command(
                    "INSERT INTO device_attestations (device_id, state, state_at, last_challenge_at, next_challenge_at) VALUES (@d, @st, @i, @i, @next) " +
                    "ON CONFLICT (device_id) DO UPDATE SET last_challenge_at = excluded.last_challenge_at, next_challenge_at = excluded.next_challenge_at",
                    transaction)
                    .With("@d", challenge.DeviceId).With("@st", AttestationStates.Never).With("@i", challenge.IssuedAtMs).With("@next", nextChallengeAtMs);
                return await schedule.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<ChallengeRedemption> RedeemChallengeAsync(string deviceId, string nonceHex, long nowMs, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using var use = connection.Command(
                    "UPDATE attestation_challenges SET state = @answered, answered_at = @now WHERE nonce = @n AND device_id = @d AND state = @pending AND deadline_at >= @now",
                    transaction)
                    .With("@answered", ChallengeAnswered).With("@now", nowMs).With("@n", nonceHex).With("@d", deviceId).With("@pending", ChallengePending);
                if (await use.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    return ChallengeRedemption.Fresh;
                }

                string? owner = null;
                long state = 0;
                await using (var read = connection.Command("SELECT device_id, state FROM attestation_challenges WHERE nonce = @n", transaction).With("@n", nonceHex))
                await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        owner = reader.GetString(0);
                        state = reader.Int64(1);
                    }
                }

                if (owner is null)
                {
                    return ChallengeRedemption.Unknown;
                }

                if (owner != deviceId)
                {
                    return ChallengeRedemption.OtherDevice;
                }

                if (state == ChallengeAnswered)
                {
                    return ChallengeRedemption.AlreadyUsed;
                }

                // Past its deadline: the answer itself reports the lateness, so the sweep must not report it again.
                await using var late = connection.Command("UPDATE attestation_challenges SET state = @late WHERE nonce = @n AND state = @pending", transaction)
                    .With("@late", ChallengeLate).With("@n", nonceHex).With("@pending", ChallengePending);
                await late.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return ChallengeRedemption.Expired;
            },
            cancellationToken);

    public async Task<IReadOnlyList<AttestationChallenge>> ClaimOverdueChallengesAsync(long nowMs, CancellationToken cancellationToken)
    {
        var overdue = new List<AttestationChallenge>();
        await using (var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadRowsAsync(
                connection,
                "SELECT nonce, device_id, issued_at, deadline_at FROM attestation_challenges WHERE state = @pending AND deadline_at < @now ORDER BY deadline_at",
                c => c.With("@pending", ChallengePending).With("@now", nowMs),
                r => overdue.Add(new AttestationChallenge(r.GetString(0), r.GetString(1), r.Int64(2), r.Int64(3))),
                cancellationToken).ConfigureAwait(false);
        }

        var claimed = new List<AttestationChallenge>();
        foreach (var challenge in overdue)
        {
            // Conditional on still pending: another host instance (or the answer itself) may have taken it meanwhile.
            var changed = await WriteAsync(
                async (connection, transaction) =>
                {
                    await using var claim = connection.Command("UPDATE attestation_challenges SET state = @late WHERE nonce = @n AND state = @pending", transaction)
                        .With("@late", ChallengeLate).With("@n", challenge.NonceHex).With("@pending", ChallengePending);
                    return await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            if (changed == 1)
            {
                claimed.Add(challenge);
            }
        }

        return claimed;
    }

    public Task RecordVerifiedAsync(string deviceId, AttestedPosture posture, string chainCheck, long atMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posture);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var upsert = connection.Command(
                    "INSERT INTO device_attestations (device_id, state, state_at, attested_at, key_epoch, boot_count, boot_mode, running_slot, trial, bundle_digest, " +
                    "bundle_counter, confirmed_counter, containment, integrity, journal_seq, journal_mac, uptime_ms, chain_check) " +
                    "VALUES (@d, @st, @at, @at, @ke, @bc, @bm, @rs, @tr, @bd, @bn, @cc, @co, @in, @js, @jm, @up, @ch) " +
                    "ON CONFLICT (device_id) DO UPDATE SET state = excluded.state, state_at = excluded.state_at, state_detail = NULL, attested_at = excluded.attested_at, " +
                    "key_epoch = excluded.key_epoch, boot_count = excluded.boot_count, boot_mode = excluded.boot_mode, running_slot = excluded.running_slot, trial = excluded.trial, " +
                    "bundle_digest = excluded.bundle_digest, bundle_counter = excluded.bundle_counter, confirmed_counter = excluded.confirmed_counter, " +
                    "containment = excluded.containment, integrity = excluded.integrity, journal_seq = excluded.journal_seq, journal_mac = excluded.journal_mac, " +
                    "uptime_ms = excluded.uptime_ms, chain_check = excluded.chain_check",
                    transaction)
                    .With("@d", deviceId).With("@st", AttestationStates.Verified).With("@at", atMs).With("@ke", posture.KeyEpoch).With("@bc", posture.BootCount)
                    .With("@bm", posture.BootMode).With("@rs", posture.RunningSlot).With("@tr", posture.Trial ? 1 : 0).With("@bd", posture.BundleDigestHex)
                    .With("@bn", posture.BundleCounter).With("@cc", posture.ConfirmedCounter).With("@co", posture.Containment).With("@in", posture.Integrity)
                    .With("@js", posture.JournalHeadSequence).With("@jm", posture.JournalHeadMacHex).With("@up", posture.UptimeMs).With("@ch", chainCheck);
                return await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task RecordOutcomeAsync(string deviceId, string state, string detail, long atMs, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using var upsert = connection.Command(
                    "INSERT INTO device_attestations (device_id, state, state_at, state_detail) VALUES (@d, @st, @at, @de) " +
                    "ON CONFLICT (device_id) DO UPDATE SET state = excluded.state, state_at = excluded.state_at, state_detail = excluded.state_detail",
                    transaction)
                    .With("@d", deviceId).With("@st", state).With("@at", atMs).With("@de", detail);
                return await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public async Task<bool> ResolveChainCheckAsync(string deviceId, long headSequence, string chainCheck, CancellationToken cancellationToken) =>
        await WriteAsync(
            async (connection, transaction) =>
            {
                await using var update = connection.Command(
                    "UPDATE device_attestations SET chain_check = @c WHERE device_id = @d AND journal_seq = @s AND chain_check = @pending", transaction)
                    .With("@c", chainCheck).With("@d", deviceId).With("@s", headSequence).With("@pending", ChainCheckNames.Pending);
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false) == 1;

    public Task<IReadOnlyDictionary<string, DeviceAttestation>> ListAsync(string? deviceId, CancellationToken cancellationToken) =>
        deviceId is null
            ? ReadAttestationsAsync(string.Empty, _ => { }, cancellationToken)
            : ReadAttestationsAsync(" WHERE device_id = @d", c => c.With("@d", deviceId), cancellationToken);

    public Task<IReadOnlyDictionary<string, DeviceAttestation>> ListAsync(string firstDeviceId, string lastDeviceId, CancellationToken cancellationToken) =>
        ReadAttestationsAsync(" WHERE device_id >= @f AND device_id <= @l", c => c.With("@f", firstDeviceId).With("@l", lastDeviceId), cancellationToken);

    private async Task<IReadOnlyDictionary<string, DeviceAttestation>> ReadAttestationsAsync(string where, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var records = new Dictionary<string, DeviceAttestation>(StringComparer.Ordinal);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ReadRowsAsync(connection, $"SELECT {AttestationColumns} FROM device_attestations" + where, bind, r => records[r.GetString(0)] = ReadAttestation(r), cancellationToken).ConfigureAwait(false);
        return records;
    }

    public async Task<int> ScheduleNewDevicesAsync(Func<long> firstChallengeAtMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(firstChallengeAtMs);
        var unscheduled = new List<string>();
        await using (var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadRowsAsync(
                connection,
                "SELECT d.device_id FROM devices d LEFT JOIN device_attestations a ON a.device_id = d.device_id WHERE d.status = @active AND a.device_id IS NULL",
                c => c.With("@active", (int)DeviceStatus.Active),
                r => unscheduled.Add(r.GetString(0)),
                cancellationToken).ConfigureAwait(false);
        }

        if (unscheduled.Count == 0)
        {
            return 0;
        }

        return await WriteAsync(
            async (connection, transaction) =>
            {
                int added = 0;
                await using var insert = connection.Command(
                    "INSERT INTO device_attestations (device_id, state, state_at, next_challenge_at) VALUES (@d, @st, 0, @next) ON CONFLICT (device_id) DO NOTHING", transaction)
                    .With("@d", null).With("@st", AttestationStates.Never).With("@next", null);
                foreach (var deviceId in unscheduled)
                {
                    insert.Set("@d", deviceId);
                    insert.Set("@next", firstChallengeAtMs());
                    added += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return added;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListDueDevicesAsync(long nowMs, CancellationToken cancellationToken)
    {
        var due = new List<string>();
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ReadRowsAsync(
            connection,
            "SELECT d.device_id FROM devices d JOIN device_attestations a ON a.device_id = d.device_id " +
            "WHERE d.status = @active AND a.next_challenge_at <= @now ORDER BY d.device_id",
            c => c.With("@active", (int)DeviceStatus.Active).With("@now", nowMs),
            r => due.Add(r.GetString(0)),
            cancellationToken).ConfigureAwait(false);
        return due;
    }

    private static DeviceAttestation ReadAttestation(DbDataReader r)
    {
        var posture = r.NullableInt64(6) is null
            ? null
            : new AttestedPosture(
                (int)r.Int64(7), r.Int64(8), (int)r.Int64(9), (int)r.Int64(10), r.Int64(11) == 1, r.GetString(12), r.Int64(13), r.Int64(14),
                (int)r.Int64(15), (int)r.Int64(16), r.Int64(17), r.GetString(18), r.Int64(19));
        return new DeviceAttestation(
            r.GetString(0), r.GetString(1), r.Int64(2), r.NullableString(3), r.NullableInt64(4), r.NullableInt64(5), r.NullableInt64(6), posture, r.NullableString(20));
    }
}
