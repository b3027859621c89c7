using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>
/// Read-only look into the database the host of one run stores in (what was really stored), SQLite or
/// PostgreSQL: both hold the same schema, and '@name' parameters work with both providers.
/// </summary>
internal sealed class HostDatabase
{
    private readonly Func<DbConnection> _connect;

    private HostDatabase(string provider, Func<DbConnection> connect, IReadOnlyList<string> hostArguments)
    {
        Provider = provider;
        _connect = connect;
        HostArguments = hostArguments;
    }

    /// <summary>"sqlite" or "postgresql", as the host's Storage:Provider setting names it.</summary>
    public string Provider { get; }

    /// <summary>Command-line settings that make the host store here (docs/host.md, Storage:*).</summary>
    public IReadOnlyList<string> HostArguments { get; }

    /// <summary>The host's default SQLite file under its data directory.</summary>
    public static HostDatabase Sqlite(string hostDataDirectory)
    {
        var path = Path.Combine(hostDataDirectory, "edgesec.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        return new HostDatabase("sqlite", () => new SqliteConnection(connectionString), ["--EdgeSecurity:Storage:Provider=sqlite"]);
    }

    /// <summary>A PostgreSQL database the host reaches through its connection-string setting.</summary>
    public static HostDatabase Postgres(string connectionString) =>
        new("postgresql", () => new NpgsqlConnection(connectionString), ["--EdgeSecurity:Storage:Provider=postgresql", "--EdgeSecurity:Storage:ConnectionString=" + connectionString]);

    public long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Sequence numbers stored for <paramref name="deviceId"/> (a list: duplicates would show).</summary>
    public List<long> Sequences(string deviceId)
    {
        using var connection = Open();
        using var command = Command(connection, "select seq from events where device_id = @d order by seq", [("@d", deviceId)]);
        using var reader = command.ExecuteReader();
        var result = new List<long>();
        while (reader.Read())
        {
            result.Add(reader.GetInt64(0));
        }

        return result;
    }

    /// <summary>The records of type <paramref name="eventType"/> stored for <paramref name="deviceId"/>, as the device encoded them.</summary>
    public List<byte[]> RawRecords(string deviceId, int eventType)
    {
        using var connection = Open();
        using var command = Command(connection, "select raw_record from events where device_id = @d and type = @t order by seq", [("@d", deviceId), ("@t", eventType)]);
        using var reader = command.ExecuteReader();
        var result = new List<byte[]>();
        while (reader.Read())
        {
            result.Add((byte[])reader.GetValue(0));
        }

        return result;
    }

    public long EventCount(string deviceId) =>
        Scalar("select count(*) from events where device_id = @d", ("@d", deviceId));

    public long EventCount(string deviceId, int eventType) =>
        Scalar("select count(*) from events where device_id = @d and type = @t", ("@d", deviceId), ("@t", eventType));

    public long AlertCount(string deviceId, string rule) =>
        Scalar("select count(*) from alerts where device_id = @d and rule = @r", ("@d", deviceId), ("@r", rule));

    /// <summary>The device's alerts of <paramref name="rule"/> except those the host resolved because a records-dropped
    /// report of the device covers their hole (status 3 is resolved; the note is the one the host appends then).</summary>
    public long AlertCountNotExplainedByDropReport(string deviceId, string rule) =>
        Scalar(
            "select count(*) from alerts where device_id = @d and rule = @r and not (status = 3 and detail like @n)",
            ("@d", deviceId),
            ("@r", rule),
            ("@n", "%are covered by the device's records-dropped report%"));

    public long RejectionCount(string? reasonPrefix = null) =>
        Scalar("select count(*) from rejections where reason like @r", ("@r", (reasonPrefix ?? string.Empty) + "%"));

    private DbConnection Open()
    {
        var connection = _connect();
        connection.Open();
        return connection;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
