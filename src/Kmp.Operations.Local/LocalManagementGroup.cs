using System.Globalization;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Microsoft.Data.Sqlite;

namespace Kmp.Operations.Local;

/// <summary>
/// A management group in a SQLite file (<c>local:PATH</c>): a pack store that enforces SCOM's rules,
/// with discovered instances, alerts, grooming settings and a grooming job on a
/// simulated clock kept in the file, and KAV Administrators' subscription. For rehearsals, demos
/// and tests. Every operation is one transaction; a second process waits for the first
/// (WAL, busy timeout) and gets a clear message when it waits too long. A command that reads,
/// decides and writes (import, remove, notify) holds the group from plan to last step
/// (<see cref="HoldForChanges"/>), so commands on one group run one after the other.
/// </summary>
public sealed class LocalManagementGroup : IManagementGroup, IExclusiveManagementGroup
{
    /// <summary>SCOM's default AlertDaysToKeep.</summary>
    public const int DefaultAlertDaysToKeep = 7;

    private const string AlertDaysToKeepSetting = "AlertDaysToKeep";

    private readonly SqliteConnection connection;
    private readonly LocalManagementGroupOptions options;

    private LocalManagementGroup(string path, SqliteConnection connection, LocalManagementGroupOptions options)
    {
        Path = path;
        this.connection = connection;
        this.options = options;
        Clock = new LocalClock(this);
    }

    public string Path { get; }

    public string Name => "local:" + Path;

    public IClock Clock { get; }

    /// <summary>Created with --strict-alerts: uninstall waits until the pack's alerts are groomed.</summary>
    public bool StrictAlerts { get; private set; }

    public bool UninstallWaitsForAlertGrooming => StrictAlerts;

    /// <summary>
    /// Opens the existing group in <paramref name="path"/>. Never creates one: a missing file, or a file
    /// that is not a kmp group, is refused and left as it is (only <see cref="Create"/> makes a group).
    /// </summary>
    public static LocalManagementGroup Open(string path, LocalManagementGroupOptions? options = null)
    {
        options ??= new LocalManagementGroupOptions();
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new KmpException($"local:{path}: a folder, not a management group file");
        if (!File.Exists(full)) throw new KmpException($"local:{path}: no management group there (create one with 'kmp mg init {path}')");
        var group = Connect(full, SqliteOpenMode.ReadWrite, options);
        try
        {
            if (!group.Read(tx => LocalSchema.Exists(group.connection, tx)))
                throw new KmpException($"local:{path}: not a kmp management group (no kmp tables in it); kmp does not convert other files: create a group with 'kmp mg init NEW_PATH'");
            group.StrictAlerts = group.ReadMeta("strict_alerts") == "1";
            return group;
        }
        catch
        {
            group.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates a new group (with <paramref name="options"/>); refuses when the file exists. The whole group
    /// (tables, settings, library packs) is written in one transaction into a temporary file beside
    /// <paramref name="path"/>, which is renamed to it when complete: a creation that fails or dies
    /// leaves no group at <paramref name="path"/>, and can simply be run again.
    /// </summary>
    public static LocalManagementGroup Create(string path, LocalManagementGroupOptions? options = null) => Create(path, options, afterStep: null);

    /// <param name="afterStep">Called inside the creating transaction after each step, with the step and the file being written (tests simulate crashes there).</param>
    internal static LocalManagementGroup Create(string path, LocalManagementGroupOptions? options, Action<string, string>? afterStep)
    {
        options ??= new LocalManagementGroupOptions();
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new KmpException(ErrorKind.CannotWrite, $"local:{path}: folder {folder} does not exist");
        var exists = $"local:{path}: already exists (a local management group is created once; delete the file to start again)";
        if (File.Exists(full) || Directory.Exists(full)) throw new KmpException(ErrorKind.CannotWrite, exists);
        var libraries = options.LibrariesDirectory is null ? null : LoadLibraries(options.LibrariesDirectory);
        SweepStaleCreations(folder, System.IO.Path.GetFileName(full));
        var building = AtomicFile.TemporaryPath(folder, System.IO.Path.GetFileName(full), ".creating", reserve: "-journal".Length + ".lock".Length);
        var notes = new List<string>();
        // Held while this process creates: a later init sweeps only temporaries no live process holds.
        var creating = new FileStream(building + ".lock", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        try
        {
            using (var group = Connect(building, SqliteOpenMode.ReadWriteCreate, options))
            {
                try
                {
                    group.checkedBeforeWriting = true; // an empty file: nothing to check yet
                    LocalSchema.EnsureWal(group.connection, building);
                    group.Write(tx => group.Build(tx, libraries, notes, step => afterStep?.Invoke(step, building)));
                    Execute(group.connection, "PRAGMA wal_checkpoint(TRUNCATE);");
                }
                catch (SqliteException ex)
                {
                    throw Translate(ex, full, options.BusyTimeout);
                }
            }
            try
            {
                File.Move(building, full, overwrite: false);
            }
            catch (IOException) when (File.Exists(full) || Directory.Exists(full))
            {
                throw new KmpException(ErrorKind.CannotWrite, exists); // the same kind as when it existed before
                                                                        // (who wins a race must not change the exit code)
            }
        }
        finally
        {
            DeleteCreation(building);
            creating.Dispose();
            File.Delete(building + ".lock");
        }
        var created = Open(path, options);
        created.notes.AddRange(notes);
        return created;
    }

    private static void DeleteCreation(string building)
    {
        foreach (var file in new[] { building, building + "-wal", building + "-shm", building + "-journal" })
            if (File.Exists(file)) File.Delete(file);
    }

    /// <summary>
    /// Deletes what an interrupted init of <paramref name="name"/> left in <paramref name="folder"/>: its
    /// <c>.creating</c> file (with -wal, -shm, -journal), unless a live process still holds its lock.
    /// </summary>
    private static void SweepStaleCreations(string folder, string name)
    {
        var prefix = AtomicFile.TemporaryPrefix(name, ".creating", reserve: "-journal".Length + ".lock".Length);
        foreach (var stale in Directory.EnumerateFiles(folder, prefix + "*.creating"))
        {
            try
            {
                using (new FileStream(stale + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None))
                    DeleteCreation(stale);
                File.Delete(stale + ".lock");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Held by a live init, or not ours to delete: left as it is.
            }
        }
    }

    private static LocalManagementGroup Connect(string full, SqliteOpenMode mode, LocalManagementGroupOptions options)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
            return new LocalManagementGroup(full, connection, options);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Translate(ex, full, options.BusyTimeout);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Writes a whole new group in <paramref name="tx"/>: tables, meta, settings, then the library packs.</summary>
    private void Build(SqliteTransaction tx, IReadOnlyList<ManagementPackFile>? libraries, List<string> notes, Action<string> afterStep)
    {
        LocalSchema.Create(connection, tx);
        var start = (options.StartTime ?? DateTimeOffset.UtcNow).ToUniversalTime();
        WriteMeta(tx, "clock", Time(start));
        WriteMeta(tx, "strict_alerts", options.StrictAlerts ? "1" : "0");
        WriteMeta(tx, "created", Time(start));
        Execute(tx, "INSERT INTO settings(name, value) VALUES ($n, $v)", ("$n", AlertDaysToKeepSetting), ("$v", DefaultAlertDaysToKeep.ToString(CultureInfo.InvariantCulture)));
        afterStep("schema");
        if (libraries is null)
        {
            // The sealed Microsoft libraries every group has; all signed with Microsoft's key.
            foreach (var library in Libraries.Standard)
            {
                Execute(tx, "INSERT INTO packs(id, version, name, sealed, key_token, xml, content, imported) VALUES ($id, $v, $name, 1, $t, NULL, NULL, $now)",
                    ("$id", library.Id), ("$v", library.InGroupFor(options.LibraryVersions).ToString(4)), ("$name", library.Id),
                    ("$t", LibraryPack.MicrosoftKeyToken), ("$now", Time(start)));
                afterStep("library " + library.Id);
            }
            return;
        }
        // The folder stands for the group's library set: a reference to a pack the folder does not
        // have (System.Snmp.Library, say) is noted and accepted; the packs it has are checked as usual.
        var directory = options.LibrariesDirectory!;
        foreach (var pack in ReferenceOrder.Sort(libraries, f => f.Id, f => f.Document.References.Select(r => r.ManagementPackId)))
        {
            var missing = pack.Document.References.Where(r => libraries.All(f => f.Id != r.ManagementPackId)).Select(r => $"{r.ManagementPackId} {r.Version}").ToList();
            if (missing.Count > 0) notes.Add($"{pack.Id}: references {string.Join(", ", missing)}, which {DirectoryName(directory)} does not have; installed without checking them");
            Import(tx, pack, skipReferencesTo: pack.Document.References.Select(r => r.ManagementPackId).Where(id => libraries.All(f => f.Id != id)).ToHashSet(StringComparer.Ordinal));
            afterStep("library " + pack.Id);
        }
    }

    private static List<ManagementPackFile> LoadLibraries(string directory)
    {
        if (!Directory.Exists(directory)) throw new KmpException($"{directory}: library folder not found");
        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".mp", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(ManagementPackFile.Load)
            .ToList();
        if (files.Count == 0) throw new KmpException($"{directory}: no .mp or .xml management packs in the library folder");
        return files;
    }

    private static string DirectoryName(string directory) => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(directory));

    private readonly List<string> notes = [];

    /// <summary>What happened while the group was created (library packs that could not be installed).</summary>
    public IReadOnlyList<string> Notes => notes;

    // ------------------------------------------------------------------ packs

    public IReadOnlyList<InstalledPack> GetPacks() => Read(tx => ReadPacks(tx).Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToList());

    private Dictionary<string, InstalledPack> ReadPacks(SqliteTransaction tx)
    {
        var references = new Dictionary<string, List<PackReference>>(StringComparer.Ordinal);
        foreach (var row in Query(tx, "SELECT pack_id, alias, ref_id, ref_version, ref_token FROM pack_references ORDER BY pack_id, position"))
            Bucket(references, row.GetString(0)).Add(new PackReference(row.GetString(1), row.GetString(2), StoredVersion(row.GetString(3), $"{row.GetString(0)}'s reference {row.GetString(1)}"), row.GetString(4)));
        var classes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var workflows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in Query(tx, "SELECT pack_id, element_id, kind FROM pack_elements ORDER BY pack_id, position"))
        {
            var kind = row.GetString(2);
            if (kind == "ClassType") Bucket(classes, row.GetString(0)).Add(row.GetString(1));
            else if (WorkflowKinds.Contains(kind)) Bucket(workflows, row.GetString(0)).Add(row.GetString(1));
        }
        var packs = new Dictionary<string, InstalledPack>(StringComparer.Ordinal);
        foreach (var row in Query(tx, "SELECT id, version, name, sealed, key_token FROM packs"))
        {
            var id = row.GetString(0);
            packs[id] = new InstalledPack(id, StoredVersion(row.GetString(1), id), row.GetString(2), row.GetInt64(3) == 1,
                row.IsDBNull(4) ? null : row.GetString(4),
                references.GetValueOrDefault(id) ?? [], classes.GetValueOrDefault(id) ?? [], workflows.GetValueOrDefault(id) ?? []);
        }
        return packs;
    }

    /// <summary>A version as the group stores it (four parts); anything else means the file was changed outside kmp.</summary>
    private Version StoredVersion(string text, string what) =>
        ManagementPackIdentity.TryParseVersion(text, out var version)
            ? version
            : throw Damaged($"{what} has the version '{text}' stored, not a four-part version");

    private KmpException Damaged(string problem) =>
        new($"local:{Path}: the management group is damaged: {problem.ReplaceLineEndings(" ")}; nothing was changed ('kmp mg check --mg local:{Path}' lists every problem)");

    /// <summary>Element kinds that run as workflows and raise alerts.</summary>
    private static readonly HashSet<string> WorkflowKinds = ["Rule", "UnitMonitor", "AggregateMonitor", "DependencyMonitor"];

    public void Import(ManagementPackFile pack) => Write(tx => Import(tx, pack, skipReferencesTo: null));

    private void Import(SqliteTransaction tx, ManagementPackFile pack, IReadOnlySet<string>? skipReferencesTo)
    {
        var document = pack.Document;
        var installed = ReadPacks(tx);
        if (installed.TryGetValue(pack.Id, out var existing))
            CheckUpgrade(tx, pack, existing);
        CheckReferences(pack, installed, skipReferencesTo);

        var now = Time(ReadClock(tx));
        Execute(tx, "DELETE FROM pack_references WHERE pack_id = $id", ("$id", pack.Id));
        Execute(tx, "DELETE FROM pack_elements WHERE pack_id = $id", ("$id", pack.Id));
        Execute(tx, "DELETE FROM packs WHERE id = $id", ("$id", pack.Id));
        Execute(tx, "INSERT INTO packs(id, version, name, sealed, key_token, xml, content, imported) VALUES ($id, $v, $name, $s, $t, $xml, $content, $now)",
            ("$id", pack.Id), ("$v", pack.Version.ToString(4)), ("$name", document.DisplayName(document.Id) ?? document.Name ?? document.Id),
            ("$s", pack.Sealed ? 1 : 0), ("$t", (object?)pack.KeyToken), ("$xml", pack.Xml()), ("$content", pack.Content), ("$now", now));
        var position = 0;
        foreach (var r in document.References)
        {
            Execute(tx, "INSERT INTO pack_references(pack_id, position, alias, ref_id, ref_version, ref_token) VALUES ($p, $pos, $a, $r, $v, $t)",
                ("$p", pack.Id), ("$pos", position++), ("$a", r.Alias), ("$r", r.ManagementPackId), ("$v", r.Version.ToString(4)), ("$t", r.PublicKeyToken));
        }
        position = 0;
        foreach (var e in document.Elements.DistinctBy(e => e.Id))
        {
            Execute(tx, "INSERT INTO pack_elements(pack_id, position, element_id, kind) VALUES ($p, $pos, $e, $k)",
                ("$p", pack.Id), ("$pos", position++), ("$e", e.Id), ("$k", e.Kind));
        }
        // An upgrade that drops classes drops their discovered instances, as SCOM does.
        Execute(tx, "DELETE FROM instances WHERE pack_id = $id AND class_id NOT IN (SELECT element_id FROM pack_elements WHERE pack_id = $id AND kind = 'ClassType')", ("$id", pack.Id));
    }

    /// <summary>Enforces <see cref="ImportRules"/> for a pack over the installed one, comparing the XML of a sealed upgrade.</summary>
    private void CheckUpgrade(SqliteTransaction tx, ManagementPackFile pack, InstalledPack existing)
    {
        var installed = PackInGroup.Of(existing);
        if (ImportRules.Upgrade(pack, installed) is { } refusal) throw refusal.ToException();
        if (!ImportRules.ChecksCompatibility(pack, installed)) return;
        var installedXml = ScalarString(tx, "SELECT xml FROM packs WHERE id = $id", ("$id", pack.Id));
        if (installedXml is null) return; // a seeded library record: no XML to compare
        var problems = options.UpgradeCompatibility.Problems(ManagementPackDocument.Parse(installedXml, pack.Id + " (installed)"), pack.Document);
        if (ImportRules.Compatibility(pack, existing.Version, problems) is { } incompatible) throw incompatible.ToException();
    }

    /// <summary>Enforces <see cref="ImportRules.Reference"/> for every manifest reference (but those to <paramref name="skip"/>).</summary>
    private static void CheckReferences(ManagementPackFile pack, Dictionary<string, InstalledPack> installed, IReadOnlySet<string>? skip)
    {
        foreach (var r in pack.Document.References)
        {
            if (skip?.Contains(r.ManagementPackId) == true) continue;
            var target = installed.TryGetValue(r.ManagementPackId, out var p) ? PackInGroup.Of(p) : (PackInGroup?)null;
            if (ImportRules.Reference(pack.Id, r, target) is { } refusal) throw refusal.ToException();
        }
    }

    public void Uninstall(string packId) => Write(tx =>
    {
        var installed = ReadPacks(tx);
        if (!installed.TryGetValue(packId, out var pack))
            throw new ManagementGroupRefusedException(RefusalReason.NotInstalled, $"{packId}: not installed in {Name}", [packId]);
        var dependents = installed.Values.Where(p => p.DependsOn(packId)).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        if (dependents.Count > 0)
        {
            throw new ManagementGroupRefusedException(RefusalReason.HasDependents,
                $"{packId}: cannot be uninstalled: management packs depend on it: {string.Join(", ", dependents)} (Dependent Management Packs)", dependents);
        }
        var alerts = CountAlerts(tx, pack.WorkflowIds);
        if (StrictAlerts && alerts > 0)
        {
            throw new ManagementGroupRefusedException(RefusalReason.AlertsReferenceWorkflows,
                $"{packId}: this rule group may not be deleted because one or more rules in the group is associated with an alert ({alerts} alert(s) until grooming removes them)",
                [packId]);
        }
        Execute(tx, "DELETE FROM instances WHERE pack_id = $id", ("$id", packId));
        Execute(tx, "DELETE FROM alerts WHERE pack_id = $id", ("$id", packId));
        Execute(tx, "DELETE FROM pack_references WHERE pack_id = $id", ("$id", packId));
        Execute(tx, "DELETE FROM pack_elements WHERE pack_id = $id", ("$id", packId));
        Execute(tx, "DELETE FROM packs WHERE id = $id", ("$id", packId));
    });

    public string ExportXml(string packId) => Read(tx =>
    {
        if (ScalarLong(tx, "SELECT COUNT(*) FROM packs WHERE id = $id", ("$id", packId)) == 0)
            throw new ManagementGroupRefusedException(RefusalReason.NotInstalled, $"{packId}: not installed in {Name}", [packId]);
        return ScalarString(tx, "SELECT xml FROM packs WHERE id = $id", ("$id", packId))
            ?? throw new ManagementGroupRefusedException(RefusalReason.NotAllowed, $"{packId}: a standard library record seeded without its XML; create the group with --libraries DIR to have the real packs", [packId]);
    });

    // ------------------------------------------------------------------ alerts

    public IReadOnlyList<Alert> GetAlerts(IReadOnlyCollection<string> workflowIds) => Read(tx =>
    {
        var wanted = workflowIds.ToHashSet(StringComparer.Ordinal);
        return Query(tx, "SELECT id, workflow_id, name, resolution_state, time_raised, time_resolved, last_modified FROM alerts ORDER BY time_raised, id")
            .Where(r => wanted.Contains(r.GetString(1)))
            .Select(r => new Alert(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), (int)r.GetInt64(3), ParseTime(r.GetString(4)),
                r.IsDBNull(5) ? null : ParseTime(r.GetString(5)), ParseTime(r.GetString(6))))
            .ToList();
    });

    public int ResolveAlerts(IReadOnlyCollection<Guid> alertIds, string comment) => Write(tx =>
    {
        var now = Time(ReadClock(tx));
        var changed = 0;
        foreach (var id in alertIds)
        {
            changed += Execute(tx,
                "UPDATE alerts SET resolution_state = 255, time_resolved = $now, last_modified = $now, comment = $c WHERE id = $id AND resolution_state <> 255",
                ("$now", now), ("$c", comment), ("$id", id.ToString("D")));
        }
        return changed;
    });

    private long CountAlerts(SqliteTransaction tx, IReadOnlyCollection<string> workflowIds)
    {
        var wanted = workflowIds.ToHashSet(StringComparer.Ordinal);
        return Query(tx, "SELECT workflow_id FROM alerts").Count(r => wanted.Contains(r.GetString(0)));
    }

    /// <summary>Raises <paramref name="count"/> new alerts of a rule or monitor of an installed pack (rehearsal).</summary>
    public IReadOnlyList<Guid> SimulateAlerts(string workflowId, int count = 1) => Write(tx =>
    {
        if (count < 1) throw new KmpException($"--count {count}: at least one alert");
        var owner = Query(tx, "SELECT pack_id, kind FROM pack_elements WHERE element_id = $e", ("$e", workflowId)).FirstOrDefault(r => WorkflowKinds.Contains(r.GetString(1)));
        if (owner is null)
            throw new KmpException($"{workflowId}: no rule or monitor with this ID is installed in {Name}");
        var packId = owner.GetString(0);
        var now = ReadClock(tx);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            var raised = now.AddMilliseconds(i);
            Execute(tx, "INSERT INTO alerts(id, workflow_id, pack_id, name, resolution_state, time_raised, time_resolved, last_modified, comment) VALUES ($id, $w, $p, $n, 0, $t, NULL, $t, NULL)",
                ("$id", id.ToString("D")), ("$w", workflowId), ("$p", packId), ("$n", workflowId), ("$t", Time(raised)));
            ids.Add(id);
        }
        return (IReadOnlyList<Guid>)ids;
    });

    // ------------------------------------------------------------------ instances

    /// <summary>Adds <paramref name="count"/> discovered instances of a class of an installed pack (rehearsal).</summary>
    public int SimulateInstances(string classId, int count = 1) => Write(tx =>
    {
        if (count < 1) throw new KmpException($"--count {count}: at least one instance");
        var packId = ScalarString(tx, "SELECT pack_id FROM pack_elements WHERE element_id = $e AND kind = 'ClassType'", ("$e", classId))
            ?? throw new KmpException($"{classId}: no class with this ID is installed in {Name}");
        var start = ScalarLong(tx, "SELECT COUNT(*) FROM instances WHERE class_id = $c", ("$c", classId));
        var now = Time(ReadClock(tx));
        for (var i = 0; i < count; i++)
        {
            Execute(tx, "INSERT INTO instances(id, class_id, pack_id, display_name, discovered) VALUES ($id, $c, $p, $n, $t)",
                ("$id", Guid.NewGuid().ToString("D")), ("$c", classId), ("$p", packId),
                ("$n", $"computer{start + i + 1:000}.contoso.com"), ("$t", now));
        }
        return count;
    });

    /// <summary>Discovered instances, of one pack's classes or of all.</summary>
    public int CountInstances(string? packId = null) => Read(tx => (int)(packId is null
        ? ScalarLong(tx, "SELECT COUNT(*) FROM instances")
        : ScalarLong(tx, "SELECT COUNT(*) FROM instances WHERE pack_id = $p", ("$p", packId))));

    // ------------------------------------------------------------------ grooming

    public int GetAlertDaysToKeep() => Read(tx => int.Parse(ScalarString(tx, "SELECT value FROM settings WHERE name = $n", ("$n", AlertDaysToKeepSetting))!, CultureInfo.InvariantCulture));

    public void SetAlertDaysToKeep(int days)
    {
        if (days is < 1 or > 255) throw new KmpException($"AlertDaysToKeep {days}: must be 1 to 255 days");
        Write(tx => Execute(tx, "UPDATE settings SET value = $v WHERE name = $n", ("$v", days.ToString(CultureInfo.InvariantCulture)), ("$n", AlertDaysToKeepSetting)));
    }

    /// <summary>The grooming runs so far: when, and how many alerts each deleted.</summary>
    public IReadOnlyList<(DateTimeOffset Time, int AlertsGroomed)> GroomingHistory() => Read(tx =>
        Query(tx, "SELECT time, alerts_groomed FROM grooming_runs ORDER BY time").Select(r => (ParseTime(r.GetString(0)), (int)r.GetInt64(1))).ToList());

    internal DateTimeOffset Now() => Read(ReadClock);

    /// <summary>Moves the simulated clock forward, running the grooming job at every midnight passed.</summary>
    internal void Advance(TimeSpan duration) => Write(tx =>
    {
        if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration));
        var now = ReadClock(tx);
        var until = now + duration;
        for (var run = GroomingSchedule.NextRunAfter(now); run <= until; run = run.AddDays(1))
        {
            var days = int.Parse(ScalarString(tx, "SELECT value FROM settings WHERE name = $n", ("$n", AlertDaysToKeepSetting))!, CultureInfo.InvariantCulture);
            var threshold = run.AddDays(-days);
            var groomed = Query(tx, "SELECT id, time_resolved FROM alerts WHERE resolution_state = 255 AND time_resolved IS NOT NULL")
                .Where(r => ParseTime(r.GetString(1)) < threshold).Select(r => r.GetString(0)).ToList();
            foreach (var id in groomed) Execute(tx, "DELETE FROM alerts WHERE id = $id", ("$id", id));
            Execute(tx, "INSERT INTO grooming_runs(time, alerts_groomed) VALUES ($t, $n)", ("$t", Time(run)), ("$n", groomed.Count));
        }
        WriteMeta(tx, "clock", Time(until));
    });

    private DateTimeOffset ReadClock(SqliteTransaction tx) => ParseTime(ReadMeta(tx, "clock")!);

    // ------------------------------------------------------------------ notifications

    public NotificationSubscription? GetSubscription(string name) => Read(tx =>
    {
        var row = Query(tx, "SELECT name, description, class_ids, severities, channel FROM subscriptions WHERE name = $n", ("$n", name)).FirstOrDefault();
        if (row is null) return null;
        var recipients = Query(tx, "SELECT address FROM recipients WHERE subscription = $n ORDER BY position", ("$n", name)).Select(r => r.GetString(0)).ToList();
        return new NotificationSubscription(row.GetString(0), row.GetString(1), Lines(row.GetString(2)), Lines(row.GetString(3)), row.GetString(4), recipients);
    });

    public void SaveSubscription(NotificationSubscription subscription) => Write(tx =>
    {
        Execute(tx, "DELETE FROM recipients WHERE subscription = $n", ("$n", subscription.Name));
        Execute(tx, "DELETE FROM subscriptions WHERE name = $n", ("$n", subscription.Name));
        Execute(tx, "INSERT INTO subscriptions(name, description, class_ids, severities, channel) VALUES ($n, $d, $c, $s, $ch)",
            ("$n", subscription.Name), ("$d", subscription.Description), ("$c", string.Join('\n', subscription.ClassIds)),
            ("$s", string.Join('\n', subscription.Severities)), ("$ch", subscription.Channel));
        var position = 0;
        foreach (var address in subscription.Recipients)
            Execute(tx, "INSERT INTO recipients(subscription, position, address) VALUES ($n, $p, $a)", ("$n", subscription.Name), ("$p", position++), ("$a", address));
    });

    public void DeleteSubscription(string name) => Write(tx =>
    {
        Execute(tx, "DELETE FROM recipients WHERE subscription = $n", ("$n", name));
        Execute(tx, "DELETE FROM subscriptions WHERE name = $n", ("$n", name));
    });

    private static IReadOnlyList<string> Lines(string text) => text.Length == 0 ? [] : text.Split('\n');

    // ------------------------------------------------------------------ plumbing

    public void Dispose()
    {
        hold?.Dispose();
        hold = null;
        connection.Dispose();
    }

    // ------------------------------------------------------------------ holding the group for a command

    private FileStream? hold;
    private int holds;

    /// <summary>
    /// The file whose exclusive lock is the hold: <c>PATH.lock</c> beside the group's real file (every
    /// symbolic link resolved, so that every name of the group shares one hold). It stays there (empty).
    /// </summary>
    public string LockPath => lockPath ??= GroupFile.RealPath(Path) + ".lock";

    private string? lockPath;

    /// <summary>
    /// Holds the group against every other kmp command (in any process) until disposed: an exclusive
    /// lock on <see cref="LockPath"/>, which the system releases when the process ends, however it
    /// ends. Waits up to <see cref="LocalManagementGroupOptions.HoldTimeout"/> for another holder.
    /// </summary>
    public IDisposable HoldForChanges()
    {
        if (holds++ == 0)
        {
            try
            {
                hold = AcquireLock();
                RefuseDamage(); // before the command plans anything
            }
            catch
            {
                holds = 0;
                hold?.Dispose();
                hold = null;
                throw;
            }
        }
        return new Release(this);
    }

    private FileStream AcquireLock()
    {
        // A group with several names (hard links) would be held by each name apart, and SQLite names its
        // journal by the path too: changes made through two names at once could be lost.
        if (GroupFile.Links(Path) is > 1 and var links)
            throw new KmpException(ErrorKind.Refused, $"local:{Path}: the group file has {links} names (hard links); kmp holds a group by its name, so changes through two names at once could be lost: keep one name (delete the other links) or use a copy");
        var deadline = DateTime.UtcNow + options.HoldTimeout;
        var pause = 5;
        while (true)
        {
            // The lock file is never followed: a link there is refused at once (opening it would create or
            // lock whatever it points to).
            if (new FileInfo(LockPath) is { LinkTarget: { } target })
                throw new KmpException(ErrorKind.CannotWrite, $"local:{Path}: the lock file {LockPath} is a symbolic link (to {target}); kmp does not follow it: delete it");
            try
            {
                // FileShare.None is an exclusive advisory lock (flock on Unix, a share lock on Windows);
                // the file's content means nothing, so it is never deleted (deleting would let two holders in).
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new KmpException(ErrorKind.CannotWrite, $"local:{Path}: cannot create the lock file {LockPath} beside the group: {ex.Message}");
            }
            catch (IOException ex) when (IsSharingViolation(ex))
            {
                if (DateTime.UtcNow >= deadline)
                    throw new KmpException(ErrorKind.GroupBusy, $"local:{Path}: the management group is busy: another kmp command is changing it (waited {Plans.Durations.Format(options.HoldTimeout)}); try again when it has finished");
                Thread.Sleep(pause);
                pause = Math.Min(pause * 2, 100);
            }
            catch (IOException ex)
            {
                // Only another holder is worth waiting for; anything else (a folder or a link loop there, a
                // full disk) will not pass by itself.
                throw new KmpException(ErrorKind.CannotWrite, $"local:{Path}: cannot use the lock file {LockPath}: {ex.Message.ReplaceLineEndings(" ")}");
            }
        }
    }

    private static bool IsSharingViolation(IOException ex) => FolderHold.IsHeldByAnother(ex);

    private sealed class Release(LocalManagementGroup group) : IDisposable
    {
        private bool released;

        public void Dispose()
        {
            if (released) return;
            released = true;
            if (--group.holds > 0) return;
            group.hold?.Dispose();
            group.hold = null;
        }
    }

    private T Read<T>(Func<SqliteTransaction, T> read) => InTransaction(read, deferred: true);

    private T Write<T>(Func<SqliteTransaction, T> write) => InTransaction(write, deferred: false);

    private void Write(Action<SqliteTransaction> write) => InTransaction(tx => { write(tx); return 0; }, deferred: false);

    private T InTransaction<T>(Func<SqliteTransaction, T> work, bool deferred)
    {
        try
        {
            if (!deferred) RefuseDamage();
            using var tx = connection.BeginTransaction(deferred);
            var result = work(tx);
            tx.Commit();
            return result;
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, Path, options.BusyTimeout);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
        {
            throw Damaged($"a stored value is malformed ({ex.Message})");
        }
    }

    private bool checkedBeforeWriting;

    /// <summary>
    /// Before the first change (and when a command takes the hold): a damaged file is refused, not
    /// made worse. <c>PRAGMA quick_check</c> and the row invariants; once per instance.
    /// </summary>
    private void RefuseDamage()
    {
        if (checkedBeforeWriting) return;
        if (Integrity(quick: true).FirstOrDefault() is { } damage) throw Damaged(damage);
        var problems = InTransaction(tx =>
        {
            var found = new List<string>();
            Invariants(tx, quick: true, found);
            return found;
        }, deferred: true);
        if (problems.Count > 0) throw Damaged(problems[0]);
        checkedBeforeWriting = true;
    }

    // ------------------------------------------------------------------ health

    /// <summary>
    /// What is wrong with the group file: SQLite's <c>PRAGMA integrity_check</c>, then kmp's own
    /// invariants (settings, stored versions and times, every row belonging to a pack or subscription
    /// that exists, each pack's stored XML being the pack the row says). Empty when the group is healthy.
    /// </summary>
    public IReadOnlyList<string> Check()
    {
        var problems = Integrity(quick: false);
        if (problems.Count > 0) return problems; // the rows cannot be trusted
        try
        {
            return Read(tx =>
            {
                Invariants(tx, quick: false, problems);
                return problems;
            });
        }
        catch (KmpException ex)
        {
            return [ex.Message];
        }
    }

    /// <summary>SQLite's <c>PRAGMA integrity_check</c> (or the faster <c>quick_check</c>), outside any transaction: empty when "ok".</summary>
    private List<string> Integrity(bool quick)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = quick ? "PRAGMA quick_check" : "PRAGMA integrity_check";
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read()) lines.Add(reader.IsDBNull(0) ? "" : reader.GetValue(0).ToString() ?? "");
            return lines is ["ok"] ? [] : [.. lines.Select(line => "SQLite integrity check: " + line)];
        }
        catch (SqliteException ex)
        {
            return ["SQLite integrity check: " + ex.Message.ReplaceLineEndings(" ")];
        }
    }

    private void Invariants(SqliteTransaction tx, bool quick, List<string> problems)
    {
        string? Text(object? value) => value as string;
        foreach (var key in new[] { "clock", "created" })
        {
            var value = Text(ScalarObject(tx, "SELECT value FROM meta WHERE key = $k", ("$k", key)));
            if (value is null || !TryParseTime(value, out _)) problems.Add($"meta '{key}' is '{value}', not a time");
        }
        if (Text(ScalarObject(tx, "SELECT value FROM meta WHERE key = 'strict_alerts'")) is not ("0" or "1"))
            problems.Add("meta 'strict_alerts' is missing or not 0/1");
        var days = Text(ScalarObject(tx, "SELECT value FROM settings WHERE name = $n", ("$n", AlertDaysToKeepSetting)));
        if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 1 or > 255)
            problems.Add($"setting {AlertDaysToKeepSetting} is '{days}', not 1 to 255 days");

        var packs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Query(tx, "SELECT id, version, sealed, key_token, xml, typeof(xml), typeof(content), length(content), content FROM packs ORDER BY id"))
        {
            if (Text(row.Value(0)) is not { Length: > 0 } id) { problems.Add("a pack row has no ID"); continue; }
            packs.Add(id);
            var version = Text(row.Value(1));
            if (version is null || !ManagementPackIdentity.TryParseVersion(version, out var v)) { problems.Add($"pack {id} has the version '{row.Value(1)}', not a four-part version"); continue; }
            var isSealed = row.Value(2) switch { long l => l, _ => -1 };
            if (isSealed is not (0 or 1)) problems.Add($"pack {id}: 'sealed' is '{row.Value(2)}', not 0/1");
            if (isSealed == 1 && Text(row.Value(3)) is not { Length: 16 }) problems.Add($"pack {id} is sealed but has no key token");
            // Every stored pack is its XML as text and its file as a non-empty blob, whatever the check
            // (a library known only from the catalog, created by mg init, has neither).
            if (Text(row.Value(5)) == "null" && Text(row.Value(6)) == "null") continue;
            if (Text(row.Value(5)) != "text") { problems.Add($"pack {id}: its stored XML is {Text(row.Value(5))}, not text"); continue; }
            if (Text(row.Value(6)) != "blob" || !(row.Value(7) is long and > 0)) { problems.Add($"pack {id}: its stored file is {Text(row.Value(6))}, not a non-empty blob"); continue; }
            if (quick || Text(row.Value(4)) is not { } xml) continue;
            if (row.Value(8) is byte[] content && !(content is [(byte)'M', (byte)'Z', ..]))
            {
                try
                {
                    ManagementPackText.Decode(content, $"pack {id} (stored file)"); // an unsealed pack's file is its XML: it must read as such
                }
                catch (KmpException ex)
                {
                    problems.Add(ex.Message);
                }
            }
            try
            {
                var document = ManagementPackDocument.Parse(xml, $"pack {id} (stored XML)");
                if (document.Id != id || document.Version != v) problems.Add($"pack {id} {v}: its stored XML is {document.Id} {document.Version}");
            }
            catch (KmpException ex)
            {
                problems.Add(ex.Message);
            }
        }
        foreach (var row in Query(tx, "SELECT pack_id, alias, ref_version FROM pack_references ORDER BY pack_id, position"))
        {
            if (!packs.Contains(Text(row.Value(0)) ?? "")) problems.Add($"a reference ({row.Value(1)}) belongs to pack {row.Value(0)}, which is not installed");
            if (Text(row.Value(2)) is not { } rv || !ManagementPackIdentity.TryParseVersion(rv, out _))
                problems.Add($"pack {row.Value(0)}'s reference {row.Value(1)} has the version '{row.Value(2)}', not a four-part version");
        }
        foreach (var table in new[] { "pack_elements", "instances", "alerts" })
        {
            var orphans = Query(tx, $"SELECT DISTINCT pack_id FROM {table} WHERE pack_id NOT IN (SELECT id FROM packs) ORDER BY pack_id").Select(r => r.Value(0)).ToList();
            if (orphans.Count > 0) problems.Add($"{table} has rows of packs that are not installed: {string.Join(", ", orphans)}");
        }
        var orphanRecipients = Query(tx, "SELECT DISTINCT subscription FROM recipients WHERE subscription NOT IN (SELECT name FROM subscriptions) ORDER BY subscription").Select(r => r.Value(0)).ToList();
        if (orphanRecipients.Count > 0) problems.Add($"recipients of subscriptions that do not exist: {string.Join(", ", orphanRecipients)}");
        foreach (var row in Query(tx, "SELECT id, time_raised FROM alerts ORDER BY id"))
            if (Text(row.Value(1)) is not { } t || !TryParseTime(t, out _)) problems.Add($"alert {row.Value(0)} has the time '{row.Value(1)}'");
    }

    internal static Exception Translate(SqliteException ex, string path, TimeSpan busyTimeout) => (ex.SqliteErrorCode & 0xFF) switch
    {
        // The primary code (an extended code such as SQLITE_READONLY_DIRECTORY keeps it in its low byte).
        8 => new KmpException(ErrorKind.CannotWrite, $"local:{path}: cannot write the management group: the file or its folder is read-only (SQLite needs to write the file and its -wal and -shm beside it)", ex),
        10 => new KmpException(ErrorKind.CannotWrite, $"local:{path}: cannot write the management group: the disk reported an I/O error ({ex.Message.ReplaceLineEndings(" ")})", ex),
        13 => new KmpException(ErrorKind.CannotWrite, $"local:{path}: cannot write the management group: the disk is full", ex),
        14 => new KmpException(ErrorKind.CannotWrite, $"local:{path}: cannot open the management group's file or create its -wal and -shm files beside it (folder missing or not writable)", ex),
        5 or 6 => new KmpException(ErrorKind.GroupBusy, $"local:{path}: the management group is busy: another kmp process is changing it (waited {Plans.Durations.Format(busyTimeout)}); try again when it has finished"),
        11 or 26 => new KmpException($"local:{path}: not a kmp local management group, or the file is damaged ({ex.Message.ReplaceLineEndings(" ")})"),
        _ => new KmpException($"local:{path}: {ex.Message.ReplaceLineEndings(" ")}", ex),
    };

    private string? ReadMeta(string key) => Read(tx => ReadMeta(tx, key));

    private string? ReadMeta(SqliteTransaction tx, string key) => ScalarString(tx, "SELECT value FROM meta WHERE key = $k", ("$k", key));

    private void WriteMeta(SqliteTransaction tx, string key, string value) =>
        Execute(tx, "INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$k", key), ("$v", value));

    internal static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    internal static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static List<T> Bucket<T>(Dictionary<string, List<T>> map, string key)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        return list;
    }

    private SqliteCommand Command(SqliteTransaction tx, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private int Execute(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string? ScalarString(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        return command.ExecuteScalar() is string s ? s : null;
    }

    private object? ScalarObject(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        return command.ExecuteScalar() is { } value and not DBNull ? value : null;
    }

    private long ScalarLong(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Reads every row into memory (the command is disposed before the caller enumerates).</summary>
    private List<Row> Query(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(new Row(values));
        }
        return rows;
    }

    private sealed class Row(object?[] values)
    {
        public string GetString(int i) => (string)values[i]!;
        public long GetInt64(int i) => Convert.ToInt64(values[i], CultureInfo.InvariantCulture);
        public bool IsDBNull(int i) => values[i] is null;
        public object? Value(int i) => values[i];
    }

    /// <summary>The simulated clock, kept in the file so that a rehearsal across processes sees one time.</summary>
    private sealed class LocalClock(LocalManagementGroup group) : IClock
    {
        public DateTimeOffset UtcNow => group.Now();

        public bool IsSimulated => true;

        public void Sleep(TimeSpan duration, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            if (duration > TimeSpan.Zero) group.Advance(duration);
        }
    }
}
