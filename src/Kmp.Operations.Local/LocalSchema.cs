using Microsoft.Data.Sqlite;

namespace Kmp.Operations.Local;

/// <summary>The tables of a local management group.</summary>
internal static class LocalSchema
{
    public const int Version = 1;

    private const string Ddl = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE packs(
            id TEXT PRIMARY KEY, version TEXT NOT NULL, name TEXT NOT NULL, sealed INTEGER NOT NULL,
            key_token TEXT, xml TEXT, content BLOB, imported TEXT NOT NULL);
        CREATE TABLE pack_references(
            pack_id TEXT NOT NULL REFERENCES packs(id), position INTEGER NOT NULL, alias TEXT NOT NULL,
            ref_id TEXT NOT NULL, ref_version TEXT NOT NULL, ref_token TEXT NOT NULL,
            PRIMARY KEY(pack_id, alias));
        CREATE INDEX pack_references_by_target ON pack_references(ref_id);
        CREATE TABLE pack_elements(
            pack_id TEXT NOT NULL REFERENCES packs(id), position INTEGER NOT NULL, element_id TEXT NOT NULL, kind TEXT NOT NULL,
            PRIMARY KEY(pack_id, element_id));
        CREATE INDEX pack_elements_by_id ON pack_elements(element_id);
        CREATE TABLE instances(
            id TEXT PRIMARY KEY, class_id TEXT NOT NULL, pack_id TEXT NOT NULL, display_name TEXT NOT NULL, discovered TEXT NOT NULL);
        CREATE TABLE alerts(
            id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, pack_id TEXT NOT NULL, name TEXT NOT NULL,
            resolution_state INTEGER NOT NULL, time_raised TEXT NOT NULL, time_resolved TEXT, last_modified TEXT NOT NULL, comment TEXT);
        CREATE TABLE settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE grooming_runs(time TEXT NOT NULL, alerts_groomed INTEGER NOT NULL);
        CREATE TABLE subscriptions(
            name TEXT PRIMARY KEY, description TEXT NOT NULL, class_ids TEXT NOT NULL, severities TEXT NOT NULL, channel TEXT NOT NULL);
        CREATE TABLE recipients(
            subscription TEXT NOT NULL REFERENCES subscriptions(name), position INTEGER NOT NULL, address TEXT NOT NULL,
            PRIMARY KEY(subscription, position));
        """;

    /// <summary>The tables, in the order tests compare them.</summary>
    public static IReadOnlyList<string> Tables { get; } =
        ["meta", "packs", "pack_references", "pack_elements", "instances", "alerts", "settings", "grooming_runs", "subscriptions", "recipients"];

    public static void EnsureWal(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new Kmp.ManagementPacks.KmpException($"local:{path}: SQLite could not switch the file to WAL mode (got '{mode}')");
    }

    public static bool Exists(SqliteConnection connection, SqliteTransaction tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return false;
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
        var schema = command.ExecuteScalar() as string;
        if (schema != Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new Kmp.ManagementPacks.KmpException($"local:{connection.DataSource}: schema version '{schema}' of this local management group is not {Version}; create a new one with kmp mg init");
        return true;
    }

    public static void Create(SqliteConnection connection, SqliteTransaction tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = Ddl + $"\nINSERT INTO meta(key, value) VALUES ('schema', '{Version}');";
        command.ExecuteNonQuery();
    }
}
