using Microsoft.Data.Sqlite;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>Read-only look into the host's SQLite database (what was really stored).</summary>
internal static class HostDatabase
{
    public static long Scalar(string databasePath, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sequence numbers stored for <paramref name="deviceId"/> (a list: duplicates would show).</summary>
    public static List<long> Sequences(string databasePath, string deviceId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select seq from events where device_id = $d order by seq";
        command.Parameters.AddWithValue("$d", deviceId);
        using var reader = command.ExecuteReader();
        var result = new List<long>();
        while (reader.Read())
        {
            result.Add(reader.GetInt64(0));
        }

        return result;
    }

    public static long EventCount(string databasePath, string deviceId) =>
        Scalar(databasePath, "select count(*) from events where device_id = $d", ("$d", deviceId));

    public static long DistinctSequences(string databasePath, string deviceId) =>
        Scalar(databasePath, "select count(distinct seq) from events where device_id = $d", ("$d", deviceId));

    public static long AlertCount(string databasePath, string deviceId, string rule) =>
        Scalar(databasePath, "select count(*) from alerts where device_id = $d and rule = $r", ("$d", deviceId), ("$r", rule));

    public static long RejectionCount(string databasePath, string? reasonPrefix = null) =>
        Scalar(databasePath, "select count(*) from rejections where reason like $r", ("$r", (reasonPrefix ?? string.Empty) + "%"));
}
