using Kmp.Application.Build;
using Kmp.Documentation;
using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Operations;
using Kmp.Operations.Plans;
using Kmp.Packaging;
using Kmp.Verification;

namespace Kmp.Application.Docs;

/// <summary>What <c>kmp docs</c> is asked to do: the family's guide, or the guide of the pack files given.</summary>
public sealed record DocsRequest
{
    /// <summary>Product keys; empty means every product of the catalog.</summary>
    public IReadOnlyList<string> Products { get; init; } = [];
    public SchemaTarget Target { get; init; } = SchemaTarget.Scom2007R2;
    public Version Version { get; init; } = new(1, 0, 0, 0);
    public required string OutputFolder { get; init; }
    public string? TemplatesFolder { get; init; }
    public string? KeyFile { get; init; }
    public string? KeyFromEnvironment { get; init; }
    public required string DevelopmentKeyFolder { get; init; }
    /// <summary>Pack files (.mp, .xml, or folders of them) to document instead of the family.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
    /// <summary>Folders of library packs the files' references resolve into.</summary>
    public IReadOnlyList<string> References { get; init; } = [];
}

/// <summary>The site written: its folder and pages; the signing key's notice for the family's guide.</summary>
public sealed record DocsResult(string OutputFolder, IReadOnlyList<string> Pages, string? KeyNotice, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>kmp docs</c> (and the guide <c>kmp build</c> writes to <c>out/docs/</c>): the site is made in memory,
/// then written as a whole into a folder beside the output folder and swapped with it while the output folder is
/// held, so neither a failure nor a kill leaves pages of two guides.
/// </summary>
public static class GenerateDocs
{
    public static DocsResult Run(DocsRequest request)
    {
        if (request.Files.Count > 0)
        {
            var site = ForFiles(request.Files, request.References);
            Write(site, request.OutputFolder);
            return new DocsResult(request.OutputFolder, [.. site.Pages.Select(p => p.FileName)], null, []);
        }
        var catalog = request.TemplatesFolder is null ? DefaultTemplates.Load() : TemplateCatalog.Load(request.TemplatesFolder);
        var products = BuildCatalog.SelectProducts(catalog, request.Products);
        var signing = SigningKeys.Resolve(request.KeyFile, null, request.KeyFromEnvironment, request.DevelopmentKeyFolder);
        var family = FamilyComposer.Compose(catalog.Library, products, new FamilyOptions(request.Version, signing.Key.PublicKeyToken));
        var familySite = ForFamily(family, catalog.Library, products, signing.Key.PublicKeyToken, request.Target);
        Write(familySite, request.OutputFolder);
        var notice = signing.Source switch
        {
            SigningKeySource.Development => $"the guide gives the token {signing.Key.PublicKeyToken} of the DEVELOPMENT key; for the guide of release packs pass --key FILE.snk or set {SigningKeys.EnvironmentVariable}",
            SigningKeySource.Environment => $"the guide gives the token {signing.Key.PublicKeyToken} of the key in {SigningKeys.EnvironmentVariable}",
            _ => $"the guide gives the token {signing.Key.PublicKeyToken} of the key {request.KeyFile}",
        };
        return new DocsResult(request.OutputFolder, [.. familySite.Pages.Select(p => p.FileName)], notice, signing.Warnings);
    }

    /// <summary>The family's guide, with the removal plans the remove planner makes for it.</summary>
    public static DocumentationSite ForFamily(ManagementPackFamily family, LibraryTemplate library, IReadOnlyList<ProductTemplate> products, string keyToken, SchemaTarget target)
    {
        var names = products.ToDictionary(p => p.Key, p => p.DisplayName, StringComparer.Ordinal);
        var removals = new List<RemovalPlanDoc> { Removal(family, target, names, all: true, product: null) };
        removals.AddRange(family.ProductKeys.Order(StringComparer.Ordinal).Select(p => Removal(family, target, names, all: false, product: p)));
        return FamilySite.Render(new FamilySiteRequest(family, library, products, keyToken, target, removals, [.. ReferenceLibrary.BuiltIn.Documents]));
    }

    /// <summary>The guide of any packs (sealed or not), names resolved into the libraries of <paramref name="referenceFolders"/> and the built-in catalog.</summary>
    public static DocumentationSite ForFiles(IReadOnlyList<string> files, IReadOnlyList<string> referenceFolders)
    {
        var inputs = PackInput.LoadAll(files);
        // Two files of one pack (two versions, or a .mp and its .xml) would be one page: which one it describes is refused, not guessed.
        var twice = inputs.GroupBy(i => i.Document.Id, StringComparer.Ordinal)
            .Select(g => g.DistinctBy(i => i.File is null ? "" : Path.GetFullPath(i.File), StringComparer.Ordinal).Take(2).ToList()).FirstOrDefault(g => g.Count > 1);
        if (twice is [var first, var second])
            throw new KmpException(ErrorKind.BadInput, $"{second.File}: the pack {second.Document.Id} is given twice, here and in {first.File}; the guide describes one file of each pack: give one of them");
        var libraries = referenceFolders.Count > 0 ? ReferenceLibrary.Load(referenceFolders) : ReferenceLibrary.BuiltIn;
        var packs = inputs.Select(i => new PackFile(i.Document, i.File, i.KeyToken, i.IsSealed)).ToList();
        return PackSite.Render(packs, libraries.Documents.ToList());
    }

    /// <summary>Writes the site into <paramref name="folder"/> as a whole, while holding the folder.</summary>
    public static void Write(DocumentationSite site, string folder)
    {
        using var hold = FolderHold.Take(folder);
        Repair(folder, hold);
        WriteHeld(site, folder, hold);
    }

    /// <summary>What a guide here would be refused for in its place (a page's place holding a folder, a link or a device): checked before anything is written.</summary>
    private const string PagePlace = "a page of the guide";

    /// <summary>
    /// Finishes or undoes what a kmp run killed while writing a guide into <paramref name="folder"/> left (see
    /// <see cref="AtomicFolder"/>), under its hold, before anything else is written there.
    /// </summary>
    public static void Repair(string folder, FolderLock hold) =>
        AtomicFolder.Repair(folder, hold, DocumentationSite.IsGeneratedPage, name => name.EndsWith(".html", StringComparison.OrdinalIgnoreCase), PagePlace);

    /// <summary>
    /// Writes the site into <paramref name="folder"/> under the hold the caller has (kmp build holds its output
    /// folder), repaired first (<see cref="Repair"/>). The whole site is written into a folder beside it and the two
    /// are swapped (<see cref="AtomicFolder"/>): a reader, or a run killed at any point, sees the last guide or this
    /// one, never pages of both. Pages an earlier guide wrote that this one does not have (a product no longer chosen)
    /// go with the old folder; files kmp did not write (pages that do not name it as their generator, any other file,
    /// folder or link) are moved into the new one.
    /// </summary>
    public static void WriteHeld(DocumentationSite site, string folder, FolderLock hold)
    {
        // Every page's place is checked before anything is written (a folder or link named like a page stops the write with nothing changed).
        CheckPlaces(site, folder);
        var encoding = new System.Text.UTF8Encoding(false);
        AtomicFolder.Replace(folder, hold, [.. site.Pages.Select(p => KeyValuePair.Create(p.FileName, encoding.GetBytes(p.Content)))], DocumentationSite.IsGeneratedPage, PagePlace);
    }

    /// <summary>Refuses, before anything is written, a page whose place holds a folder, a link or a device.</summary>
    public static void CheckPlaces(DocumentationSite site, string folder)
    {
        foreach (var page in site.Pages)
        {
            var path = Path.Combine(folder, page.FileName);
            var kind = FileNode.Of(Path.GetFullPath(path), followLinks: false).Kind;
            if (kind is not (FileNodeKind.None or FileNodeKind.Regular))
                throw new KmpException(ErrorKind.CannotWrite, $"{path}: {(kind == FileNodeKind.Directory ? "a folder" : kind == FileNodeKind.SymbolicLink ? "a symbolic link" : "not a regular file")} where a page of the guide goes; kmp replaces only regular files, so nothing was written");
        }
    }

    /// <summary>
    /// What <c>kmp remove</c> would do in a group that holds exactly this family: the remove planner's own
    /// plan (order, what each step removes, the shared packs that stay), never a second derivation of it.
    /// </summary>
    private static RemovalPlanDoc Removal(ManagementPackFamily family, SchemaTarget target, IReadOnlyDictionary<string, string> productNames, bool all, string? product)
    {
        var title = all ? "Remove the whole family" : $"Remove {productNames.GetValueOrDefault(product!) ?? product} alone";
        var command = all ? "kmp remove --mg scom://SERVER --all" : $"kmp remove --mg scom://SERVER --product {product}";
        // kmp remove knows the family kmp ships (KasperskyFamily); packs of other templates are not its to remove.
        var unknown = family.Packs.Where(p => !KasperskyFamily.IsFamily(p.Id)).Select(p => p.Id).ToList();
        if (unknown.Count > 0)
            return new RemovalPlanDoc(product ?? "all", title, command, [],
                [$"No plan: kmp remove removes the family kmp ships, and these templates add packs it does not know ({string.Join(", ", unknown)}). Remove them with the Operations console, dependents first."]);
        using var group = new PlannedGroup(family, target);
        var plan = RemovePlanner.Plan(group, new RemoveRequest
        {
            All = all,
            Products = product is null ? [] : [product],
            BackupFolder = "kmp-backup",
            StateFile = "kmp-grooming.json",
            ProductNames = productNames,
        });
        var notes = plan.Refusal is null ? plan.Notes : [.. plan.Notes, plan.Refusal];
        return new RemovalPlanDoc(product ?? "all", title, command, [.. plan.Steps.Select(s => s.Description)], notes);
    }

    /// <summary>
    /// A management group that holds the family and nothing else (no alerts, no customer packs), read only:
    /// the remove planner plans against it. It never changes.
    /// </summary>
    private sealed class PlannedGroup(ManagementPackFamily family, SchemaTarget target) : IManagementGroup
    {
        public string Name => "a management group with the family installed";

        public IClock Clock { get; } = new SystemClock();

        public bool UninstallWaitsForAlertGrooming => false;

        public IReadOnlyList<InstalledPack> GetPacks() =>
        [
            .. family.Packs.Select(p => new InstalledPack(p.Id, p.Pack.Version, p.Pack.Name, Sealed: true, KeyToken: null,
                [.. p.Pack.References.Select(r => new PackReference(r.Alias, r.ManagementPackId, r.VersionFor(target), r.PublicKeyToken))],
                [.. p.Pack.OfType<ClassType>().Select(c => c.Id)],
                [.. p.Pack.Elements.Where(e => e is Rule or UnitMonitor or DependencyMonitor or Discovery).Select(e => e.Id)])),
        ];

        public IReadOnlyList<Alert> GetAlerts(IReadOnlyCollection<string> workflowIds) => [];

        public NotificationSubscription? GetSubscription(string name) =>
            name == KavAdministrators.Name ? KavAdministrators.For(family.Packs.SelectMany(p => p.Pack.OfType<ClassType>().Select(c => c.Id))) : null;

        public string ExportXml(string packId) => throw ReadOnly();

        public void Import(ManagementPackFile pack) => throw ReadOnly();

        public void Uninstall(string packId) => throw ReadOnly();

        public int ResolveAlerts(IReadOnlyCollection<Guid> alertIds, string comment) => throw ReadOnly();

        public int GetAlertDaysToKeep() => 7;

        public void SetAlertDaysToKeep(int days) => throw ReadOnly();

        public void SaveSubscription(NotificationSubscription subscription) => throw ReadOnly();

        public void DeleteSubscription(string name) => throw ReadOnly();

        public void Dispose() { }

        private static InvalidOperationException ReadOnly() => new("the planned group of the guide is read only");
    }
}
