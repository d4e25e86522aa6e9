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
/// then its pages are written as temporary files into the output folder and put in place as a whole from a journal
/// while the folder is held (<see cref="AtomicFileSet"/>), so a failure leaves the last guide, and a kill leaves what
/// the next run finishes before it writes.
/// </summary>
public static class GenerateDocs
{
    public static DocsResult Run(DocsRequest request)
    {
        // Absolute from the start: what is written and what is said name the same folder whatever happens to the working folder.
        request = request with { OutputFolder = Path.GetFullPath(request.OutputFolder) };
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
        Recover(folder);
        using var staged = Stage(site, folder);
        Commit(staged);
    }

    /// <summary>
    /// Finishes what a kmp run killed while writing a guide into <paramref name="folder"/> left (<see cref="AtomicFileSet.Recover"/>),
    /// under its hold, before anything else is written there.
    /// </summary>
    public static void Recover(string folder) => AtomicFileSet.Recover(folder, DocumentationSite.IsGeneratedPage);

    /// <summary>
    /// Writes every page of the site as a temporary file in <paramref name="folder"/> (held by the caller; kmp build
    /// holds its output folder, and stages its guide before it writes a pack), after checking every page's place:
    /// <see cref="Commit"/> puts them in place as a whole, or, disposed first, they go and nothing has changed.
    /// The folder itself is never renamed, and nothing in it that kmp did not write is touched.
    /// </summary>
    public static StagedFileSet Stage(DocumentationSite site, string folder)
    {
        CheckPlaces(site, folder);
        // Temporaries of the page-by-page writes of earlier kmp versions, named for this site's pages exactly.
        AtomicFile.SweepTemporaries(folder, site.Pages.Select(p => p.FileName));
        var encoding = new System.Text.UTF8Encoding(false);
        // The index goes last: a reader who follows it finds every page it links to.
        return AtomicFileSet.Stage(folder, [.. site.Pages.OrderBy(p => p.FileName == DocumentationSite.IndexPage)
            .Select(p => KeyValuePair.Create(p.FileName, encoding.GetBytes(p.Content)))]);
    }

    /// <summary>
    /// Puts the staged pages in place; pages an earlier guide wrote that this one does not have (a product no longer
    /// chosen) would be read as current, so they go. Only pages kmp wrote (they name it as their generator) go; any
    /// other file stays where it is.
    /// </summary>
    public static void Commit(StagedFileSet staged) => staged.Commit(DocumentationSite.IsGeneratedPage);

    /// <summary>
    /// Refuses, before anything is written, a page whose place holds a folder, a link or a device, or a file kmp did
    /// not write (it does not name kmp docs as its generator: the user's own page is not replaced).
    /// </summary>
    public static void CheckPlaces(DocumentationSite site, string folder)
    {
        foreach (var page in site.Pages)
        {
            var path = Path.Combine(folder, page.FileName);
            var kind = FileNode.Of(Path.GetFullPath(path), followLinks: false).Kind;
            if (kind is not (FileNodeKind.None or FileNodeKind.Regular))
                throw new KmpException(ErrorKind.CannotWrite, $"{path}: {(kind == FileNodeKind.Directory ? "a folder" : kind == FileNodeKind.SymbolicLink ? "a symbolic link" : "not a regular file")} where a page of the guide goes; kmp replaces only regular files, so nothing was written");
            if (kind == FileNodeKind.Regular && !DocumentationSite.IsGeneratedPage(path))
                throw new KmpException(ErrorKind.CannotWrite, $"{path}: a file kmp did not write (it does not name kmp docs as its generator) where a page of the guide goes; kmp does not replace it, so nothing was written: move it away or use another --out");
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
