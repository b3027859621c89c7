using System.Globalization;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>
/// Event search, newest first, shaped so that each filter can walk an index in id order and stop after one page
/// (docs/performance.md "SOC queries"): the page's ids are found first (from indexes alone where one covers the
/// filters), then only those rows are read; a minimum severity becomes one branch per level, each walking
/// (severity, id) newest first, instead of a range that no index returns in id order.
/// </summary>
internal sealed partial class SqlTelemetryStore
{
    // The record codec refuses any severity outside info (0) … critical (4), so no stored event has another.
    private const int HighestSeverity = (int)EventSeverity.Critical;

    public async Task<Page<SecurityEventRecord>> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = PageLimit(query.Limit);
        var where = new List<string>();
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(string.Empty);
        AddFilter(where, command, "device_id = @d", "@d", query.DeviceId);
        AddFilter(where, command, "type = @ty", "@ty", query.Type);
        AddFilter(where, command, "received_at >= @from", "@from", query.FromMs);
        AddFilter(where, command, "received_at < @to", "@to", query.ToMs);
        AddFilter(where, command, "id < @cursor", "@cursor", ParseCursor(query.Cursor));
        var levels = SeverityLevels(query.MinSeverity);
        if (levels is null)
        {
            AddFilter(where, command, "severity >= @sv", "@sv", query.MinSeverity);
        }

        var byTimeOnly = (query.FromMs is not null || query.ToMs is not null) && query.DeviceId is null && query.Type is null && levels is null;
        command.CommandText = $"SELECT {EventColumns} FROM events WHERE id IN ({PageIds(where, levels, limit + 1, byTimeOnly)}) ORDER BY id DESC";
        var items = new List<SecurityEventRecord>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(ReadEvent(reader));
            }
        }

        return ToPage(items, limit, e => e.Id);
    }

    /// <summary>The severity levels a minimum selects, one branch each; null when a plain comparison is as good (no minimum, or one that keeps every level or none).</summary>
    private static int[]? SeverityLevels(int? minimum) =>
        minimum is { } min && min > 0 && min <= HighestSeverity ? [.. Enumerable.Range(min, HighestSeverity - min + 1)] : null;

    /// <summary>SQL for the ids of one page (at most <paramref name="count"/>, newest first).</summary>
    /// <remarks>
    /// PostgreSQL's planner assumes the events of a time range are spread evenly over the ids, so for "newest
    /// first" it walks the primary key backwards, and a day a month ago then costs a walk over most of the table.
    /// When only a time range narrows the search (<paramref name="byTimeOnly"/>), ordering by <c>id + 0</c>, which
    /// no index supplies, makes it read the range from (received_at, id) and sort those ids (about 33,000 for a day
    /// at a million events); SQLite already plans it so.
    /// </remarks>
    private static string PageIds(List<string> where, int[]? levels, int count, bool byTimeOnly)
    {
        var order = byTimeOnly ? "id + 0 DESC" : "id DESC";
        string Branch(IEnumerable<string> filters) => $"SELECT id FROM events{WhereClause([.. filters])} ORDER BY {order} LIMIT {count}";
        if (levels is null)
        {
            return Branch(where);
        }

        var branches = levels.Select((level, i) =>
            $"SELECT id FROM ({Branch(where.Append("severity = " + level.ToString(CultureInfo.InvariantCulture)))}) AS level{i.ToString(CultureInfo.InvariantCulture)}");
        return $"SELECT id FROM ({string.Join(" UNION ALL ", branches)}) AS levels ORDER BY id DESC LIMIT {count}";
    }
}
