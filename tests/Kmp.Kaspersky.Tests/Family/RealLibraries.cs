using System.Collections.Concurrent;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>
/// The real Microsoft library packs of the corpus, by target: 6.1.7221.x for 2007 R2, the 7.x set for 2012.
/// The corpus has no 2007 R2 build of the data warehouse and performance libraries; for 2007 R2 they
/// come from the 7.x set, the oldest version a 6.1.7221.0 reference resolves to (as in `kmp verify`).
/// </summary>
internal static class RealLibraries
{
    private static readonly ConcurrentDictionary<SchemaTarget, IReadOnlyDictionary<string, ManagementPackDocument>> Sets = new();

    public static IReadOnlyDictionary<string, ManagementPackDocument> For(SchemaTarget target) => Sets.GetOrAdd(target, Load);

    private static IReadOnlyDictionary<string, ManagementPackDocument> Load(SchemaTarget target)
    {
        var set = Open(target == SchemaTarget.Scom2012 ? Corpus.File("microsoft", "7.x") : Corpus.File("microsoft"));
        if (target == SchemaTarget.Scom2007R2)
        {
            foreach (var (id, library) in Open(Corpus.File("microsoft", "7.x")))
                if (id is "Microsoft.SystemCenter.DataWarehouse.Library" or "System.Performance.Library") set.TryAdd(id, library);
        }
        return set;
    }

    private static Dictionary<string, ManagementPackDocument> Open(string folder) =>
        Directory.EnumerateFiles(folder, "*.mp")
            .Select(f => ManagementPackDocument.Parse(SealedManagementPack.Open(f).Xml, f))
            .ToDictionary(d => d.Id, StringComparer.Ordinal);
}
