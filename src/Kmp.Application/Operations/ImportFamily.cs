using Kmp.Application.Build;
using Kmp.ManagementPacks;
using Kmp.Operations;
using Kmp.Operations.Plans;
using Kmp.Packaging;
using Kmp.Verification;

namespace Kmp.Application.Operations;

/// <summary>What <c>kmp import</c> is asked to do.</summary>
public sealed record ImportRequest
{
    /// <summary>Pack files (.mp, .xml) or folders of them; empty means build the family first.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Product keys to import (with the library); empty with <see cref="All"/> or files means every pack given.</summary>
    public IReadOnlyList<string> Products { get; init; } = [];

    public bool All { get; init; }

    /// <summary>How to build the family when no files are given (output folder, key, target).</summary>
    public BuildRequest? Build { get; init; }
}

/// <summary>
/// <c>kmp import</c>: takes the packs (or builds them), orders them by reference, and plans against
/// the group: same versions skipped, a downgrade or incompatible upgrade refused with nothing
/// imported, then KAV Administrators created or updated.
/// </summary>
public static class ImportFamily
{
    /// <summary>Reads the packs to import: files, folders (their .mp files, or .xml where a pack has no .mp), or a fresh build.</summary>
    public static IReadOnlyList<ManagementPackFile> LoadPacks(ImportRequest request)
    {
        IReadOnlyList<string> files;
        if (request.Files.Count > 0) files = PackFiles.Expand(request.Files);
        else
        {
            var build = request.Build ?? throw new KmpException("kmp import: give pack files or folders, or --product/--all to build the family");
            if (build.XmlOnly) throw new KmpException("kmp import: the family must be sealed to be imported (its packs reference each other)");
            var result = BuildCatalog.Run(build with { Products = request.All ? [] : request.Products });
            files = [.. result.Packs.Select(p => p.SealedPath!)];
        }
        var packs = files.Select(ManagementPackFile.Load).ToList();
        if (request.Products.Count == 0) return packs;
        var wanted = request.Products.ToHashSet(StringComparer.OrdinalIgnoreCase);
        // The library and the shared components' packs come with every product that uses them.
        var chosen = packs.Where(p => p.Id == KasperskyFamily.LibraryId || (KasperskyFamily.ProductKey(p.Id) is { } key && wanted.Contains(key))
            || (KasperskyFamily.ProductKey(p.Id) is null && KasperskyFamily.UsedBy(p.Id).Any(wanted.Contains))).ToList();
        foreach (var product in wanted.Where(w => !chosen.Any(p => string.Equals(KasperskyFamily.ProductKey(p.Id), w, StringComparison.OrdinalIgnoreCase))))
            throw new KmpException($"--product {product}: no pack of this product among the packs given");
        return chosen;
    }

    /// <summary>Writes the plan as a PowerShell script (atomically); the script imports the packs from its own folder.</summary>
    public static void EmitScript(OperationPlan plan, string path) =>
        AtomicFile.WriteAllText(path, Kmp.Operations.Scripts.RemovePlanScript.Render(plan));

    /// <summary>Verifies the packs, then plans their import against the group.</summary>
    /// <exception cref="KmpException">A pack fails verification (the first errors are named).</exception>
    public static OperationPlan Plan(IManagementGroup group, IReadOnlyList<ManagementPackFile> packs)
    {
        Verify(packs);
        return new ImportPlanner().Plan(group, packs);
    }

    /// <summary>
    /// Verifies the packs together as SCOM would at import (structure, references into each other and
    /// the built-in library catalog, module configuration, import rules, sealed files).
    /// </summary>
    public static void Verify(IReadOnlyList<ManagementPackFile> packs)
    {
        var inputs = packs.Select(p => p.IsAssembly
            ? PackInput.FromSealed(SealedManagementPack.Read(p.Content, p.Document.FileName), p.Document.FileName)
            : PackInput.FromXml(p.Document, p.Document.FileName)).ToList();
        var report = Verifier.Verify(inputs, new VerificationOptions { CheckFileNames = false, BestPractices = false });
        if (!report.Failed()) return;
        var errors = report.Findings.Where(f => f.Severity == Severity.Error).ToList();
        throw new KmpException(ErrorKind.VerificationFailed, $"nothing imported: {errors.Count} verification error(s): {string.Join("; ", errors.Take(3))}{(errors.Count > 3 ? "; ..." : "")} (kmp verify shows them all)");
    }
}
