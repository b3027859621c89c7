using System.Data.Common;
using EdgeSecurity.Host.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Host.Storage.Sqlite;

/// <summary>
/// Embedded default. WAL lets readers (API, dashboard) run beside the single writer; synchronous=FULL
/// makes every committed batch durable against power loss as well as a process crash, because the host
/// acknowledges records to devices right after the commit.
/// </summary>
internal sealed class SqliteDialect(string databasePath) : SqlDialect
{
    private static readonly IReadOnlyList<string> Ddl =
        Schema.Render(new ColumnTypes("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "BLOB") { AppendOnly = AppendOnlyTriggers, JsonIntegerIsZero = JsonIntegerIsZero });

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public override string Provider => "sqlite";

    public override IReadOnlyList<string> Migrations => Ddl;

    // An in-process call per row is cheap; binding long statements is not.
    public override int EventRowsPerInsert => 1;

    public override bool SingleWriter => true;

    /// <summary>How often the planner's statistics are refreshed (SQLite's advice for long-running applications).</summary>
    private static readonly TimeSpan OptimizeInterval = TimeSpan.FromHours(1);

    private long _nextOptimizeAt = long.MinValue;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.Command("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;" + OptimizeDue());
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    // Without statistics SQLite's planner rates "severity = 3" as selective as "device_id = 'x'" and may walk the
    // wrong index of events. PRAGMA optimize gathers them (analysis_limit bounds the work to a sample: well under a
    // second at a million events) on the first open and then hourly, for tables whose size changed a lot since.
    private string OptimizeDue()
    {
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref _nextOptimizeAt);
        return now >= due && Interlocked.CompareExchange(ref _nextOptimizeAt, now + (long)OptimizeInterval.TotalMilliseconds, due) == due
            ? " PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;"
            : string.Empty;
    }

    public override string InsertReturningId(string insertSql) => insertSql + " RETURNING id";

    // json_type is 'integer' only for a JSON integer (a string "0" or a real 0.0 is not), as the posture reads it.
    private static string JsonIntegerIsZero(string column, string key) =>
        $"(json_type({column}, '$.\"{key}\"') = 'integer' AND json_extract({column}, '$.\"{key}\"') = 0)";

    private static string AppendOnlyTriggers(string table) =>
        $"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;\n" +
        $"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;";
}
