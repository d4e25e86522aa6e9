namespace Kmp.ManagementPacks;

/// <summary>
/// Collects the elements of one pack and builds an immutable <see cref="ManagementPack"/>, enforcing
/// the rules that the model can know on its own: ID syntax, one ID space for the MP ID, element IDs
/// and aliases, unique references, display strings and knowledge only for things that exist, at most
/// one of each per language.
/// </summary>
public sealed class ManagementPackBuilder(string id, Version version, string name)
{
    private readonly Version version = version;
    private readonly string name = name;
    private readonly ManagementPackBuilder? whole; // for a part (see Part): the builder it is joined to
    private readonly List<ManagementPackReference> references = [];
    private readonly Dictionary<string, PackAlias> aliases = new(StringComparer.Ordinal);
    private readonly List<IManagementPackElement> elements = [];
    private readonly Dictionary<string, (bool IsDefault, List<DisplayString> Strings, List<KnowledgeArticle> Articles)> languages = [];

    public string Id { get; } = Identifiers.Element(id, "management pack ID");

    public string? Description { get; set; }

    /// <summary>
    /// Declares a manifest reference (once per pack; a second call returns the alias in use) and returns
    /// the handle that makes references into that pack.
    /// </summary>
    public PackAlias Reference(ManagementPackReference reference) =>
        Declared(reference.ManagementPackId) ?? Declare(reference);

    /// <summary>Declares a reference to a library pack; returns the handle of <c>Alias!Id</c> references into it.</summary>
    /// <remarks>Constructs declare their references once per element they add: a declared pack is found without making its reference again.</remarks>
    public PackAlias Reference(LibraryPack library) => Declared(library.Id) ?? Declare(library.Reference());

    private PackAlias? Declared(string managementPackId) =>
        aliases.TryGetValue(managementPackId, out var alias) ? alias
        : whole is not null && whole.aliases.TryGetValue(managementPackId, out alias) ? alias
        : null;

    private PackAlias Declare(ManagementPackReference reference)
    {
        references.Add(reference);
        return aliases[reference.ManagementPackId] = new PackAlias(reference.Alias, reference.ManagementPackId);
    }

    private ManagementPackBuilder(ManagementPackBuilder whole) : this(whole.Id, whole.version, whole.name) => this.whole = whole;

    /// <summary>
    /// A builder for a part of this pack composed apart, on another thread (thousands of alert rules on every
    /// core): it finds the references this builder has declared so far — this builder must not change until the
    /// part is joined — and declares the others itself. <see cref="Join"/> adds what the part collected as if it
    /// had been added here, so parts joined in order build the pack that adding everything here builds.
    /// </summary>
    public ManagementPackBuilder Part() =>
        whole is null ? new ManagementPackBuilder(this) : throw new InvalidOperationException($"{Id}: a part of a pack has no parts");

    /// <summary>Adds the references, elements, display strings and knowledge of a <see cref="Part"/>, in the order the part collected them.</summary>
    /// <exception cref="KmpException">Two parts declared one pack under different aliases (each named its elements with its own).</exception>
    public ManagementPackBuilder Join(ManagementPackBuilder part)
    {
        if (part.whole != this) throw new InvalidOperationException($"{Id}: only a part of this builder can be joined to it");
        foreach (var r in part.references)
        {
            var alias = Reference(r);
            if (alias.Alias != r.Alias)
                throw new KmpException($"{Id}: parts composed apart declare {r.ManagementPackId} under aliases '{alias.Alias}' and '{r.Alias}'");
        }
        elements.AddRange(part.elements);
        foreach (var (language, (_, strings, articles)) in part.languages)
        {
            var pack = Language(language);
            pack.Strings.AddRange(strings);
            pack.Articles.AddRange(articles);
        }
        return this;
    }

    /// <summary>Adds an element; the writer places it in its section, in the order added.</summary>
    public ManagementPackBuilder Add(IManagementPackElement e) { elements.Add(e); return this; }

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
        if (whole is not null) throw new InvalidOperationException($"{Id}: a part is joined to its pack, not built");
        var pack = new ManagementPack
        {
            Id = Id,
            Version = version,
            Name = string.IsNullOrWhiteSpace(name) ? throw new KmpException($"{Id}: the manifest name is empty") : name,
            Description = Description,
            References = [.. references],
            Elements = [.. elements],
            LanguagePacks = [.. languages.Select(l => new LanguagePack(l.Key, l.Value.IsDefault, [.. l.Value.Strings], [.. l.Value.Articles]))],
        };
        Check(pack);
        return pack;
    }

    private static void Check(ManagementPack pack)
    {
        // What owns each ID: a text, or an element whose kind names it (made into a text only for a message).
        var owners = new Dictionary<string, object>(StringComparer.Ordinal) { [pack.Id] = "the management pack ID" };
        static string What(object owner) => owner as string ?? "a " + ElementKindNames.Of((IManagementPackElement)owner);
        void Claim(string id, object owner)
        {
            var problem = Identifiers.ProblemWithElementId(id);
            if (problem is not null) throw new KmpException($"{pack.Id}: invalid {What(owner)} '{id}': {problem}");
            if (!owners.TryAdd(id, owner))
                throw new KmpException($"{pack.Id}: ID '{id}' of {What(owner)} is already used as {What(owners[id])} (MP ID, element IDs and aliases share one ID space)");
        }

        foreach (var r in pack.References)
        {
            Claim(r.Alias, $"the alias of the reference to {r.ManagementPackId}");
            if (!Identifiers.IsPublicKeyToken(r.PublicKeyToken))
                throw new KmpException($"{pack.Id}: reference '{r.Alias}' has public key token '{r.PublicKeyToken}' (16 lower-case hex digits expected)");
        }
        var byId = new Dictionary<string, IManagementPackElement>(pack.Elements.Count, StringComparer.Ordinal);
        foreach (var e in pack.Elements)
        {
            Claim(e.Id, e);
            byId[e.Id] = e;
        }
        CheckReferences(pack, byId);

        foreach (var lp in pack.LanguagePacks)
        {
            var seen = new HashSet<(string, string?)>(lp.DisplayStrings.Count);
            foreach (var s in lp.DisplayStrings)
            {
                if (!owners.TryGetValue(s.ElementId, out var owner) || (owner is string what && what.StartsWith("the alias", StringComparison.Ordinal)))
                    throw new KmpException($"{pack.Id}: display string ({lp.Id}) for '{s.ElementId}', which is not an element of the pack");
                if (!seen.Add((s.ElementId, s.SubElementId)))
                    throw new KmpException($"{pack.Id}: two display strings ({lp.Id}) for '{s.ElementId}{(s.SubElementId is null ? "" : "/" + s.SubElementId)}'");
                if (string.IsNullOrWhiteSpace(s.Name))
                    throw new KmpException($"{pack.Id}: display string ({lp.Id}) for '{s.ElementId}' has an empty name");
            }
            var articles = new HashSet<(string, string?)>(lp.KnowledgeArticles.Count);
            foreach (var a in lp.KnowledgeArticles)
            {
                if (!owners.ContainsKey(a.ElementId))
                    throw new KmpException($"{pack.Id}: knowledge article ({lp.Id}) for '{a.ElementId}', which is not an element of the pack");
                if (!articles.Add((a.ElementId, a.SubElementId)))
                    throw new KmpException($"{pack.Id}: two knowledge articles ({lp.Id}) for '{a.ElementId}'");
            }
        }
    }

    /// <summary>
    /// Every reference names a declared alias, and every local reference an element of the pack of the
    /// kind the reference is typed with; aliases in configuration texts (<c>$MPElement[Name="A!…"]$</c>,
    /// <c>Property[Type="A!…"]</c>) are declared too.
    /// </summary>
    private static void CheckReferences(ManagementPack pack, Dictionary<string, IManagementPackElement> byId)
    {
        var aliases = pack.References.Select(r => r.Alias).ToHashSet(StringComparer.Ordinal);
        var references = new List<TypedReference>();
        var visitor = new ElementReferences(references);
        var configurationAliases = new List<string>();
        foreach (var e in pack.Elements)
        {
            references.Clear();
            foreach (var r in e.Accept(visitor))
            {
                if (r.Reference.Alias is { } alias)
                {
                    if (!aliases.Contains(alias))
                        throw new KmpException($"{pack.Id}: {ElementKindNames.Of(e)} '{e.Id}' references {r.Kind} '{r.Reference}' through alias '{alias}', which the pack does not declare");
                }
                else if (!byId.TryGetValue(r.Reference.Id, out var target))
                    throw new KmpException($"{pack.Id}: {ElementKindNames.Of(e)} '{e.Id}' references {r.Kind} '{r.Reference.Id}', which is not an element of the pack");
                else if (!r.Accepts(target))
                    throw new KmpException($"{pack.Id}: {ElementKindNames.Of(e)} '{e.Id}' references '{r.Reference.Id}' as a {r.Kind}, but it is a {ElementKindNames.Of(target)}");
            }
            configurationAliases.Clear();
            ConfigurationAliases.In(e, configurationAliases);
            foreach (var alias in configurationAliases)
            {
                if (!aliases.Contains(alias))
                    throw new KmpException($"{pack.Id}: the configuration of {ElementKindNames.Of(e)} '{e.Id}' names alias '{alias}', which the pack does not declare");
            }
        }
    }
}
