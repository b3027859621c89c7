using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeSecurity.Bench.Soc;

/// <summary>
/// Loads a <see cref="SocDataSet"/> straight into a migrated database with each database's own bulk path,
/// not through the host (the host's ingest path is measured by the ingest bench): SQLite through one prepared
/// INSERT reused for every row, committed every <see cref="SqliteRowsPerTransaction"/> rows; PostgreSQL
/// through binary COPY, followed by ANALYZE (what autovacuum would do on its own shortly after a bulk load).
/// </summary>
internal static class SocSeeder
{
    private const int SqliteRowsPerTransaction = 100_000;

    public static async Task<IReadOnlyDictionary<string, long>> SeedAsync(string provider, string target, SocDataSet data, Action<string> progress)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in data.Tables())
        {
            var clock = Stopwatch.StartNew();
            var rows = provider == "sqlite"
                ? await SqliteAsync(target, table).ConfigureAwait(false)
                : await PostgresAsync(target, table).ConfigureAwait(false);
            counts[table.Name] = rows;
            progress($"seeded {table.Name}: {rows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s");
        }

        if (provider != "sqlite")
        {
            await using var connection = new NpgsqlConnection(target);
            await connection.OpenAsync().ConfigureAwait(false);
            await using var analyze = new NpgsqlCommand("ANALYZE", connection);
            await analyze.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return counts;
    }

    private static async Task<long> SqliteAsync(string path, SocTable table)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns)}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
        var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        long rows = 0;
        var transaction = connection.BeginTransaction();
        try
        {
            insert.Transaction = transaction;
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    parameters[i].Value = row[i] ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                if (++rows % SqliteRowsPerTransaction == 0)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                    insert.Transaction = transaction;
                }
            }

            transaction.Commit();
        }
        finally
        {
            transaction.Dispose();
        }

        return rows;
    }

    private static async Task<long> PostgresAsync(string connectionString, SocTable table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        long rows = 0;
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY {table.Name} ({string.Join(", ", table.Columns)}) FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
        {
            foreach (var row in table.Rows)
            {
                await copy.StartRowAsync().ConfigureAwait(false);
                foreach (var value in row)
                {
                    await (value switch
                    {
                        null => copy.WriteNullAsync(),
                        long n => copy.WriteAsync(n, NpgsqlTypes.NpgsqlDbType.Bigint),
                        string s => copy.WriteAsync(s, NpgsqlTypes.NpgsqlDbType.Text),
                        byte[] b => copy.WriteAsync(b, NpgsqlTypes.NpgsqlDbType.Bytea),
                        _ => throw new InvalidOperationException($"No COPY type for {value.GetType().Name} in table {table.Name}."),
                    }).ConfigureAwait(false);
                }

                rows++;
            }

            await copy.CompleteAsync().ConfigureAwait(false);
        }

        return rows;
    }
}
