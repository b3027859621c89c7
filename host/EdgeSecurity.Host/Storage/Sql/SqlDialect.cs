using System.Data.Common;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>What differs between the SQL databases the store runs on: connections, DDL and write concurrency.
/// The queries themselves are shared (both speak ON CONFLICT, named @parameters and LIMIT).</summary>
internal abstract class SqlDialect
{
    public abstract string Provider { get; }

    /// <summary>Schema migrations in order; migration i brings the schema to version i + 1.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>SQLite has a single writer: the store serialises its write transactions itself rather than
    /// letting concurrent writers fail with SQLITE_BUSY.</summary>
    public abstract bool SingleWriter { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Statement run first in the migration transaction so that concurrent hosts migrate one at a time (null: the transaction already excludes other writers).</summary>
    public virtual string? MigrationLockSql => null;

    /// <summary>Event rows per INSERT statement when a batch is committed (see IngestBatchStatements).</summary>
    public abstract int EventRowsPerInsert { get; }

    /// <summary>Whether <paramref name="exception"/> is the database aborting this transaction to break a deadlock
    /// with another writer (the transaction was rolled back and may be run again).</summary>
    public virtual bool IsDeadlock(Exception exception) => false;

    /// <summary>Statement that returns the identity of the row just inserted.</summary>
    public abstract string InsertReturningId(string insertSql);
}
