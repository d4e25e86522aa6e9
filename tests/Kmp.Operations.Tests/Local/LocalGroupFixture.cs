using Kmp.Operations.Local;
using Kmp.Testing;
using Microsoft.Data.Sqlite;

namespace Kmp.Operations.Tests.Local;

/// <summary>Helpers for tests on local groups: a start time, and a dump of every table to compare states.</summary>
public static class LocalGroups
{
    /// <summary>Monday 2024-03-04 10:00 UTC: an ordinary working morning.</summary>
    public static readonly DateTimeOffset Start = new(2024, 3, 4, 10, 0, 0, TimeSpan.Zero);

    public static LocalManagementGroup Create(TempDirectory temp, bool strict = false, string name = "mg.db") =>
        LocalManagementGroup.Create(temp.File(name), new LocalManagementGroupOptions { StrictAlerts = strict, StartTime = Start });

    /// <summary>Every row of every table, as text, table by table.</summary>
    public static IReadOnlyList<string> Dump(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        var rows = new List<string>();
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var values = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) is byte[] b ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b)) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                rows.Add(table + ": " + string.Join(" | ", values));
            }
        }
        return rows;
    }
}
