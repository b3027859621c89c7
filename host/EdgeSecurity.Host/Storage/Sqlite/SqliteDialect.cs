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
        Schema.Render(new ColumnTypes("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "BLOB") { AppendOnly = AppendOnlyTriggers });

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

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.Command("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public override string InsertReturningId(string insertSql) => insertSql + " RETURNING id";

    private static string AppendOnlyTriggers(string table) =>
        $"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;\n" +
        $"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;";
}
