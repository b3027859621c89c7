using System.Globalization;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>Reads for exports and forwarders: ascending ids after a cursor, optionally within a time range.</summary>
internal sealed partial class SqlTelemetryStore
{
    public async Task<IReadOnlyList<SecurityEventRecord>> EventsAfterAsync(long afterId, long? fromMs, long? toMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(string.Empty);
        var where = new List<string>();
        AddFilter(where, command, "id > @after", "@after", afterId);
        AddFilter(where, command, "received_at >= @from", "@from", fromMs);
        AddFilter(where, command, "received_at < @to", "@to", toMs);
        command.CommandText = $"SELECT {EventColumns} FROM events{WhereClause(where)} ORDER BY id LIMIT {PageLimit(limit)}";
        var items = new List<SecurityEventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadEvent(reader));
        }

        return items;
    }

    public async Task<IReadOnlyList<AlertRecord>> AlertsAfterAsync(long afterId, long? fromMs, long? toMs, int limit, CancellationToken cancellationToken)
    {
        var where = new List<string> { "id > @after" };
        where.AddRange(fromMs is null ? [] : ["created_at >= @from"]);
        where.AddRange(toMs is null ? [] : ["created_at < @to"]);
        var alerts = await ReadAlertsAsync(
            WhereClause(where),
            command =>
            {
                command.With("@after", afterId);
                if (fromMs is not null)
                {
                    command.With("@from", fromMs);
                }

                if (toMs is not null)
                {
                    command.With("@to", toMs);
                }
            },
            PageLimit(limit),
            cancellationToken,
            ascending: true).ConfigureAwait(false);
        return alerts;
    }

    public async Task<IReadOnlyList<HostEventRecord>> HostEventsAfterAsync(long afterId, long? fromMs, long? toMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(string.Empty);
        var where = new List<string>();
        AddFilter(where, command, "id > @after", "@after", afterId);
        AddFilter(where, command, "at >= @from", "@from", fromMs);
        AddFilter(where, command, "at < @to", "@to", toMs);
        command.CommandText = $"SELECT id, at, type, severity, source_address, actor, detail FROM host_events{WhereClause(where)} ORDER BY id LIMIT {PageLimit(limit)}";
        var items = new List<HostEventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new HostEventRecord(reader.Int64(1), reader.GetString(2), (int)reader.Int64(3), reader.NullableString(4), reader.NullableString(5), reader.GetString(6)) { Id = reader.Int64(0) });
        }

        return items;
    }

    public async Task<long> GetExportCursorAsync(string forwarder, string source, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.Command("SELECT last_id FROM export_cursors WHERE forwarder = @f AND source = @s").With("@f", forwarder).With("@s", source);
        var value = await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public Task SetExportCursorAsync(string forwarder, string source, long lastId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using var upsert = connection.Command(
                    "INSERT INTO export_cursors (forwarder, source, last_id) VALUES (@f, @s, @l) ON CONFLICT (forwarder, source) DO UPDATE SET last_id = excluded.last_id",
                    transaction)
                    .With("@f", forwarder).With("@s", source).With("@l", lastId);
                return await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
}
