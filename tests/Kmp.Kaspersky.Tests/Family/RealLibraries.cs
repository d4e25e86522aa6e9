using System.Collections.Concurrent;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>The real Microsoft library packs of the corpus, by target: 6.1.7221.x for 2007 R2, the 7.x set for 2012.</summary>
internal static class RealLibraries
{
    private static readonly ConcurrentDictionary<SchemaTarget, IReadOnlyDictionary<string, ManagementPackDocument>> Sets = new();

    public static IReadOnlyDictionary<string, ManagementPackDocument> For(SchemaTarget target) => Sets.GetOrAdd(target, Load);

    private static IReadOnlyDictionary<string, ManagementPackDocument> Load(SchemaTarget target)
    {
        var folder = target == SchemaTarget.Scom2012 ? Corpus.File("microsoft", "7.x") : Corpus.File("microsoft");
        return Directory.EnumerateFiles(folder, "*.mp")
            .Select(f => ManagementPackDocument.Parse(SealedManagementPack.Open(f).Xml, f))
            .ToDictionary(d => d.Id, StringComparer.Ordinal);
    }
}
