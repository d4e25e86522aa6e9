namespace Kmp.ManagementPacks;

/// <summary>
/// Collects the elements of one pack and builds an immutable <see cref="ManagementPack"/>, enforcing
/// the rules that the model can know on its own: ID syntax, one ID space for the MP ID, element IDs
/// and aliases, unique references, display strings and knowledge only for things that exist, at most
/// one of each per language.
/// </summary>
public sealed class ManagementPackBuilder(string id, Version version, string name)
{
    private readonly List<ManagementPackReference> references = [];
    private readonly List<ClassType> classes = [];
    private readonly List<RelationshipType> relationships = [];
    private readonly List<DataSourceModuleType> dataSources = [];
    private readonly List<UnitMonitorType> monitorTypes = [];
    private readonly List<Discovery> discoveries = [];
    private readonly List<Rule> rules = [];
    private readonly List<UnitMonitor> monitors = [];
    private readonly List<View> views = [];
    private readonly List<Folder> folders = [];
    private readonly List<FolderItem> folderItems = [];
    private readonly List<StringResource> strings = [];
    private readonly Dictionary<string, (bool IsDefault, List<DisplayString> Strings, List<KnowledgeArticle> Articles)> languages = [];

    public string Id { get; } = Identifiers.Element(id, "management pack ID");

    public string? Description { get; set; }

    /// <summary>Adds a manifest reference unless one to the same pack exists; returns the alias in use.</summary>
    public string Reference(ManagementPackReference reference)
    {
        var existing = references.FirstOrDefault(r => r.ManagementPackId == reference.ManagementPackId);
        if (existing is not null) return existing.Alias;
        references.Add(reference);
        return reference.Alias;
    }

    /// <summary>References a library pack; returns a factory of <c>Alias!Id</c> references into it.</summary>
    public LibraryPack Reference(LibraryPack library)
    {
        Reference(library.Reference());
        return library;
    }

    public ManagementPackBuilder Add(ClassType e) { classes.Add(e); return this; }
    public ManagementPackBuilder Add(RelationshipType e) { relationships.Add(e); return this; }
    public ManagementPackBuilder Add(DataSourceModuleType e) { dataSources.Add(e); return this; }
    public ManagementPackBuilder Add(UnitMonitorType e) { monitorTypes.Add(e); return this; }
    public ManagementPackBuilder Add(Discovery e) { discoveries.Add(e); return this; }
    public ManagementPackBuilder Add(Rule e) { rules.Add(e); return this; }
    public ManagementPackBuilder Add(UnitMonitor e) { monitors.Add(e); return this; }
    public ManagementPackBuilder Add(View e) { views.Add(e); return this; }
    public ManagementPackBuilder Add(Folder e) { folders.Add(e); return this; }
    public ManagementPackBuilder Add(FolderItem e) { folderItems.Add(e); return this; }
    public ManagementPackBuilder Add(StringResource e) { strings.Add(e); return this; }

    /// <summary>Adds a display string in a language (ENU by default, the default language).</summary>
    public ManagementPackBuilder Add(DisplayString s, string language = "ENU") { Language(language).Strings.Add(s); return this; }

    public ManagementPackBuilder Add(KnowledgeArticle a, string language = "ENU") { Language(language).Articles.Add(a); return this; }

    private (bool IsDefault, List<DisplayString> Strings, List<KnowledgeArticle> Articles) Language(string language)
    {
        if (language.Length is < 1 or > 3 || !language.All(char.IsAsciiLetterUpper))
            throw new KmpException($"{Id}: language pack ID '{language}' must be 1-3 upper-case letters (ENU, RUS, ...)");
        if (!languages.TryGetValue(language, out var pack))
            languages[language] = pack = (languages.Count == 0, [], []);
        return pack;
    }

    public ManagementPack Build()
    {
        var pack = new ManagementPack
        {
            Id = Id,
            Version = version,
            Name = string.IsNullOrWhiteSpace(name) ? throw new KmpException($"{Id}: the manifest name is empty") : name,
            Description = Description,
            References = [.. references],
            ClassTypes = [.. classes],
            RelationshipTypes = [.. relationships],
            DataSourceModuleTypes = [.. dataSources],
            UnitMonitorTypes = [.. monitorTypes],
            Discoveries = [.. discoveries],
            Rules = [.. rules],
            UnitMonitors = [.. monitors],
            Views = [.. views],
            Folders = [.. folders],
            FolderItems = [.. folderItems],
            StringResources = [.. strings],
            LanguagePacks = [.. languages.Select(l => new LanguagePack(l.Key, l.Value.IsDefault, [.. l.Value.Strings], [.. l.Value.Articles]))],
        };
        Check(pack);
        return pack;
    }

    private static void Check(ManagementPack pack)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal) { [pack.Id] = "the management pack ID" };
        void Claim(string id, string what)
        {
            var problem = Identifiers.ProblemWithElementId(id);
            if (problem is not null) throw new KmpException($"{pack.Id}: invalid {what} '{id}': {problem}");
            if (!owners.TryAdd(id, what))
                throw new KmpException($"{pack.Id}: ID '{id}' of {what} is already used as {owners[id]} (MP ID, element IDs and aliases share one ID space)");
        }

        foreach (var r in pack.References)
        {
            Claim(r.Alias, $"the alias of the reference to {r.ManagementPackId}");
            if (!Identifiers.IsPublicKeyToken(r.PublicKeyToken))
                throw new KmpException($"{pack.Id}: reference '{r.Alias}' has public key token '{r.PublicKeyToken}' (16 lower-case hex digits expected)");
        }
        foreach (var e in pack.Elements) Claim(e.Id, "a " + Kind(e));

        foreach (var lp in pack.LanguagePacks)
        {
            var seen = new HashSet<(string, string?)>();
            foreach (var s in lp.DisplayStrings)
            {
                if (!owners.ContainsKey(s.ElementId) || owners[s.ElementId].StartsWith("the alias", StringComparison.Ordinal))
                    throw new KmpException($"{pack.Id}: display string ({lp.Id}) for '{s.ElementId}', which is not an element of the pack");
                if (!seen.Add((s.ElementId, s.SubElementId)))
                    throw new KmpException($"{pack.Id}: two display strings ({lp.Id}) for '{s.ElementId}{(s.SubElementId is null ? "" : "/" + s.SubElementId)}'");
                if (string.IsNullOrWhiteSpace(s.Name))
                    throw new KmpException($"{pack.Id}: display string ({lp.Id}) for '{s.ElementId}' has an empty name");
            }
            var articles = new HashSet<(string, string?)>();
            foreach (var a in lp.KnowledgeArticles)
            {
                if (!owners.ContainsKey(a.ElementId))
                    throw new KmpException($"{pack.Id}: knowledge article ({lp.Id}) for '{a.ElementId}', which is not an element of the pack");
                if (!articles.Add((a.ElementId, a.SubElementId)))
                    throw new KmpException($"{pack.Id}: two knowledge articles ({lp.Id}) for '{a.ElementId}'");
            }
        }
    }

    private static string Kind(IManagementPackElement e) => e switch
    {
        ClassType => "class",
        RelationshipType => "relationship type",
        DataSourceModuleType => "data source module type",
        UnitMonitorType => "unit monitor type",
        Discovery => "discovery",
        Rule => "rule",
        UnitMonitor => "unit monitor",
        View => "view",
        Folder => "folder",
        FolderItem => "folder item",
        StringResource => "string resource",
        _ => e.GetType().Name,
    };
}
