using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Verification;
using Kmp.Verification.Upgrade;

namespace Kmp.Application.Build;

/// <summary>What <c>kmp build</c> is asked to do.</summary>
public sealed record BuildRequest
{
    /// <summary>Product keys to build; empty means every product of the catalog.</summary>
    public IReadOnlyList<string> Products { get; init; } = [];
    public SchemaTarget Target { get; init; } = SchemaTarget.Scom2007R2;
    public Version Version { get; init; } = new(1, 0, 0, 0);
    public required string OutputFolder { get; init; }
    /// <summary>A folder of templates to use instead of the embedded defaults.</summary>
    public string? TemplatesFolder { get; init; }
    public string? KeyFile { get; init; }
    public string? DelaySignKeyFile { get; init; }
    /// <summary>The value of KMP_SIGNING_KEY (base64 of an .snk), if set.</summary>
    public string? KeyFromEnvironment { get; init; }
    /// <summary>Where the development key is kept (created on first use).</summary>
    public required string DevelopmentKeyFolder { get; init; }
    /// <summary>Write the XML only, without sealing.</summary>
    public bool XmlOnly { get; init; }
    /// <summary>A folder of the previously released packs: the build fails unless the new family is upgrade compatible with them.</summary>
    public string? BaselineFolder { get; init; }
    /// <summary>Verification warnings fail the build too.</summary>
    public bool WarningsAsErrors { get; init; }
    public string Company { get; init; } = "Kaspersky Lab";
    public string Copyright { get; init; } = "Copyright (c) Kaspersky Lab";
}

/// <summary>A pack written by the build.</summary>
public sealed record BuiltPack(string Id, FamilyRole Role, string? ProductKey, string XmlPath, string? SealedPath);

/// <summary>A pack of the family built in memory: its XML (UTF-8, as written to <see cref="FileName"/>) and its sealed image (null when XML only).</summary>
public sealed record BuiltImage(FamilyPack Member, string FileName, byte[] Xml, byte[]? Sealed);

/// <summary>The family built in memory (<see cref="BuildCatalog.Produce"/>): its packs, their documents as read back, and their verification together.</summary>
public sealed record BuiltFamily(IReadOnlyList<BuiltImage> Packs, IReadOnlyList<ManagementPackDocument> Documents, VerificationReport Verification);

/// <summary>
/// The outcome of a build. When <see cref="Succeeded"/> is false (verification errors, or a family
/// that is not upgrade compatible with the baseline) nothing was written.
/// </summary>
public sealed record BuildResult(
    IReadOnlyList<BuiltPack> Packs,
    string PublicKeyToken,
    string KeyNotice,
    IReadOnlyList<string> Warnings,
    VerificationReport Verification,
    FamilyUpgradeCheck? Baseline,
    bool Succeeded);

/// <summary>
/// <c>kmp build</c>: templates → family → XML → sealed <c>.mp</c>. Everything is produced in memory
/// first; files are written (each atomically) only when every pack was built, so a failed build
/// leaves the output folder as it was.
/// </summary>
public static class BuildCatalog
{
    /// <summary>The folder of the output where the build writes the guide (kmp docs's site).</summary>
    public const string DocsFolder = "docs";

    public static BuildResult Run(BuildRequest request)
    {
        var catalog = request.TemplatesFolder is null ? DefaultTemplates.Load() : TemplateCatalog.Load(request.TemplatesFolder);
        var products = SelectProducts(catalog, request.Products);

        var signing = SigningKeys.Resolve(request.KeyFile, request.DelaySignKeyFile, request.KeyFromEnvironment, request.DevelopmentKeyFolder);
        var family = FamilyComposer.Compose(catalog.Library, products, new FamilyOptions(request.Version, signing.Key.PublicKeyToken));

        var sealOptions = new SealOptions { Company = request.Company, Copyright = request.Copyright };
        var paths = family.Packs.ToDictionary(p => p.Id, p => ManagementPackIdentity.FilePath(request.OutputFolder, p.Id, ".xml"), StringComparer.Ordinal);
        var produced = Produce(family, request.Target, signing.Key, request.XmlOnly ? null : sealOptions, p => paths[p.Id]);
        var report = produced.Verification;
        var documents = produced.Documents;
        var baseline = request.BaselineFolder is null ? null : UpgradeCompatibility.CheckFamily(documents, signing.Key.PublicKeyToken, request.BaselineFolder);
        var outputs = produced.Packs.Select(p => (Pack: new BuiltPack(p.Member.Id, p.Member.Role, p.Member.ProductKey, p.FileName,
            request.XmlOnly ? null : ManagementPackIdentity.FilePath(request.OutputFolder, p.Member.Id, ".mp")), p.Xml, p.Sealed)).ToList();
        var built = outputs.Select(o => o.Pack).ToList();
        if (report.Failed(request.WarningsAsErrors) || baseline is { IsCompatible: false })
            return new BuildResult(built, signing.Key.PublicKeyToken, signing.Notice, signing.Warnings, report, baseline, Succeeded: false);

        // KAV Administrators as a PowerShell script, for management groups where kmp itself is not run.
        var notificationScript = Kmp.Operations.Scripts.NotificationScript.Render(
            family.Packs.SelectMany(p => p.Pack.OfType<ClassType>().Select(c => KeyValuePair.Create(c.Id, p.Id))));

        // The guide of what was built (out/docs/), made before anything is written.
        var guide = Docs.GenerateDocs.ForFamily(family, catalog.Library, products, signing.Key.PublicKeyToken, request.Target);

        // The folders are held and written by absolute paths, taken once: what is written and what is said name the same folders.
        var outputFolder = Path.GetFullPath(request.OutputFolder);
        using var hold = FolderHold.Take(outputFolder); // builds into one folder never mix their pairs
        // kmp docs --out out/docs holds that folder, not out: the build holds it too, so the two never write one guide at once.
        var docsFolder = Path.Combine(outputFolder, DocsFolder);
        // out/docs is a place the build names, not the user: a link there is refused like a link where a pack goes (exit 6).
        if (FileNode.Of(docsFolder, followLinks: false).Kind is FileNodeKind.SymbolicLink)
            throw new KmpException(ErrorKind.CannotWrite, $"{docsFolder}: a symbolic link where the guide's folder goes; kmp does not follow it, so nothing was written: delete it or use another --out");
        using var docsHold = FolderHold.Take(docsFolder);
        // What a killed build left goes first: the temporary files of the very files it writes, and its guide finished.
        var notificationScriptPath = Path.Combine(outputFolder, Kmp.Operations.Scripts.NotificationScript.FileName);
        AtomicFile.SweepTemporaries(outputFolder, outputs.SelectMany(o => new[] { o.Pack.XmlPath, o.Pack.SealedPath }).OfType<string>()
            .Append(notificationScriptPath).Select(p => Path.GetFileName(p)));
        Docs.GenerateDocs.Recover(docsFolder);
        // The guide's pages are written (as temporaries) before the first pack: a guide that cannot be written changes nothing.
        using var staged = Docs.GenerateDocs.Stage(guide, docsFolder);
        foreach (var (pack, xml, sealedBytes) in outputs)
        {
            AtomicFile.WriteAllBytes(pack.XmlPath, xml);
            if (sealedBytes is not null) AtomicFile.WriteAllBytes(pack.SealedPath!, sealedBytes);
        }
        AtomicFile.WriteAllText(notificationScriptPath, notificationScript);
        try
        {
            Docs.GenerateDocs.Commit(staged);
        }
        catch (KmpException ex) when (ex.Kind == ErrorKind.CannotWrite)
        {
            throw new KmpException(ErrorKind.CannotWrite, $"{ex.Message.Replace("; nothing was changed", "", StringComparison.Ordinal)}; the packs were written into {outputFolder}, but the guide in {docsFolder} is not theirs yet: run the build again", ex);
        }
        return new BuildResult(built, signing.Key.PublicKeyToken, signing.Notice, signing.Warnings, report, baseline, Succeeded: true);
    }

    /// <summary>
    /// The build in memory, as <see cref="Run"/> does it before writing anything: each pack written as
    /// UTF-8 and read once — the one parse serves verification and sealing, which seals the text the
    /// document was read from without reading it again — the family verified together as the packs it
    /// will be once sealed with <paramref name="key"/>, and each pack sealed on another core meanwhile
    /// (unless <paramref name="seal"/> is null: XML only). Each pack is read (then sealed) on another core
    /// as soon as it is written, while this thread writes the next: the packs are read one after the
    /// other in the family's order, and a pack that cannot be read fails the build with the first such
    /// pack's refusal, as when they were read here in turn.
    /// </summary>
    /// <param name="fileName">The file each pack's XML is written to: it names the pack in findings and refusals.</param>
    /// <exception cref="KmpException">A pack cannot be read back or sealed (a defect of kmp: the writer writes well-formed packs).</exception>
    public static BuiltFamily Produce(ManagementPackFamily family, SchemaTarget target, StrongNameKey key, SealOptions? seal, Func<FamilyPack, string> fileName)
    {
        var packs = new List<(FamilyPack Member, string FileName, byte[] Xml)>(family.Packs.Count);
        var reading = new List<Task<ManagementPackDocument>>(family.Packs.Count);
        var sealing = new List<Task<byte[]>>(family.Packs.Count);
        List<ManagementPackDocument> documents;
        try
        {
            var previous = Task.CompletedTask;
            foreach (var member in family.Packs)
            {
                var (name, xml) = (fileName(member), ManagementPackXmlWriter.WriteUtf8(member.Pack, target));
                packs.Add((member, name, xml));
                var read = previous.ContinueWith(_ => ManagementPackDocument.Parse(System.Text.Encoding.UTF8.GetString(xml), name),
                    CancellationToken.None, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default);
                reading.Add(read);
                if (seal is not null)
                    sealing.Add(read.ContinueWith(document => ManagementPackSealer.Seal(document.Result, key, seal),
                        CancellationToken.None, TaskContinuationOptions.DenyChildAttach | TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default));
                previous = read;
            }
            documents = [.. reading.Select(read => read.GetAwaiter().GetResult())]; // the first pack that could not be read, in order
        }
        catch
        {
            // a pack could not be written or read: nothing started here keeps running once the build has failed
            try
            {
                Task.WaitAll([.. reading, .. sealing]);
            }
            catch (AggregateException)
            {
                // their failures: the first pack's is the one thrown
            }
            throw;
        }
        var report = Verifier.Verify(documents.Select(d => PackInput.FromXml(d, d.FileName)), new VerificationOptions
        {
            WillBeSealed = family.Packs.Select(p => p.Id).ToHashSet(StringComparer.Ordinal),
            SealingKeyToken = key.PublicKeyToken,
        });
        var images = seal is null ? null : Task.WhenAll(sealing).GetAwaiter().GetResult(); // a sealing error is thrown here
        return new BuiltFamily([.. packs.Select((p, i) => new BuiltImage(p.Member, p.FileName, p.Xml, images?[i]))], documents, report);
    }

    internal static IReadOnlyList<ProductTemplate> SelectProducts(TemplateCatalog catalog, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0) return catalog.Products;
        var chosen = new List<ProductTemplate>();
        foreach (var key in keys.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            chosen.Add(catalog.Products.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase))
                ?? throw new KmpException($"unknown product '{key}': the catalog has {string.Join(", ", catalog.Products.Select(p => p.Key))}"));
        }
        return chosen;
    }
}
