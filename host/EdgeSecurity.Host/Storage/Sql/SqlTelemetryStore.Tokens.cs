using System.Data.Common;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>API tokens (hash, name, role) and the host's own security events.</summary>
internal sealed partial class SqlTelemetryStore
{
    private const string TokenColumns = "name, role, sha256, created_at, revoked_at";

    public async Task<bool> CreateTokenAsync(ApiTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return await WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = connection.Command(
                    "INSERT INTO api_tokens (name, role, sha256, created_at) VALUES (@n, @r, @h, @c) ON CONFLICT DO NOTHING", transaction)
                    .With("@n", token.Name).With("@r", token.Role).With("@h", token.Sha256Hex).With("@c", token.CreatedAtMs);
                return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken cancellationToken) =>
        await ReadTokensAsync($"SELECT {TokenColumns} FROM api_tokens ORDER BY name", null, cancellationToken).ConfigureAwait(false);

    public async Task<ApiTokenRecord?> FindActiveTokenAsync(string sha256Hex, CancellationToken cancellationToken)
    {
        var tokens = await ReadTokensAsync($"SELECT {TokenColumns} FROM api_tokens WHERE sha256 = @h AND revoked_at IS NULL", sha256Hex, cancellationToken).ConfigureAwait(false);
        return tokens.Count == 0 ? null : tokens[0];
    }

    public async Task<bool> RevokeTokenAsync(string name, long revokedAtMs, CancellationToken cancellationToken) =>
        await WriteAsync(
            async (connection, transaction) =>
            {
                await using var revoke = connection.Command("UPDATE api_tokens SET revoked_at = @t WHERE name = @n AND revoked_at IS NULL", transaction)
                    .With("@t", revokedAtMs).With("@n", name);
                return await revoke.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false) == 1;

    public Task<long> RecordHostEventAsync(HostEventRecord hostEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hostEvent);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = connection.Command(
                    dialect.InsertReturningId("INSERT INTO host_events (at, type, severity, source_address, actor, detail) VALUES (@a, @t, @s, @src, @act, @d)"),
                    transaction)
                    .With("@a", hostEvent.AtMs).With("@t", hostEvent.Type).With("@s", hostEvent.Severity)
                    .With("@src", hostEvent.SourceAddress).With("@act", hostEvent.Actor).With("@d", hostEvent.Detail);
                return Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            },
            cancellationToken);
    }

    public async Task<Page<HostEventRecord>> QueryHostEventsAsync(HostEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = PageLimit(query.Limit);
        var where = new List<string>();
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(string.Empty);
        AddFilter(where, command, "type = @t", "@t", query.Type);
        AddFilter(where, command, "at >= @from", "@from", query.FromMs);
        AddFilter(where, command, "at < @to", "@to", query.ToMs);
        AddFilter(where, command, "id < @cursor", "@cursor", ParseCursor(query.Cursor));
        command.CommandText = $"SELECT id, at, type, severity, source_address, actor, detail FROM host_events{WhereClause(where)} ORDER BY id DESC LIMIT {limit + 1}";
        var items = new List<HostEventRecord>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(new HostEventRecord(reader.Int64(1), reader.GetString(2), (int)reader.Int64(3), reader.NullableString(4), reader.NullableString(5), reader.GetString(6))
                { Id = reader.Int64(0) });
            }
        }

        return ToPage(items, limit, e => e.Id);
    }

    private async Task<List<ApiTokenRecord>> ReadTokensAsync(string sql, string? hash, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand query = connection.Command(sql);
        if (hash is not null)
        {
            query.With("@h", hash);
        }

        var tokens = new List<ApiTokenRecord>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(new ApiTokenRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.Int64(3), reader.NullableInt64(4)));
        }

        return tokens;
    }
}
