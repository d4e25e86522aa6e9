using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;

namespace Kmp.Verification;

/// <summary>
/// A management pack to verify: its XML document and, when it was read from a sealed <c>.mp</c>, the
/// sealed file (key token, signature status, container remarks). Line numbers of a sealed pack's
/// findings are lines of its embedded XML.
/// </summary>
public sealed class PackInput
{
    private PackInput(ManagementPackDocument document, string? file, SealedManagementPack? sealedPack)
    {
        Document = document;
        File = file;
        Sealed = sealedPack;
    }

    public ManagementPackDocument Document { get; }

    /// <summary>The file the pack was read from (as given), or null for a pack built in memory.</summary>
    public string? File { get; }

    /// <summary>The sealed file, when the pack was read from a <c>.mp</c>.</summary>
    public SealedManagementPack? Sealed { get; }

    public bool IsSealed => Sealed is not null;

    /// <summary>The key token of a sealed pack (null for XML, or for a .mp without a strong name).</summary>
    public string? KeyToken => Sealed?.PublicKeyToken;

    public string Id => Document.Id;

    /// <summary>Reads a pack file: a sealed <c>.mp</c> or MP XML (any other extension is read as XML).</summary>
    /// <exception cref="KmpException">The path is a folder, is missing, cannot be read or is not a management pack: one line naming it.</exception>
    public static PackInput Load(string path)
    {
        if (Directory.Exists(path))
            throw new KmpException(SourceLocation.Format(path) + "a folder, not a management pack file (give the folder to kmp verify or kmp import to read the packs in it)");
        if (!System.IO.File.Exists(path)) throw new KmpException(SourceLocation.Format(path) + "file not found");
        try
        {
            if (string.Equals(Path.GetExtension(path), ".mp", StringComparison.OrdinalIgnoreCase))
                return FromSealed(SealedManagementPack.Open(path), path);
            if (string.Equals(Path.GetExtension(path), ".mpb", StringComparison.OrdinalIgnoreCase))
                throw new KmpException(SourceLocation.Format(path) + "an .mpb bundle: kmp verifies .mp and .xml packs (unpack the bundle first)");
            return new PackInput(ManagementPackDocument.Load(path), path, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KmpException(SourceLocation.Format(path) + "cannot read: " + ex.Message.ReplaceLineEndings(" "), ex);
        }
    }

    /// <summary>Reads the packs of files and folders (a folder gives its packs as <see cref="PackFiles.Expand"/> finds them, as kmp import does).</summary>
    /// <exception cref="KmpException">A path is missing, a folder holds no pack, or a file cannot be read or is not a management pack.</exception>
    public static IReadOnlyList<PackInput> LoadAll(IEnumerable<string> paths) => [.. PackFiles.Expand(paths).Select(Load)];

    /// <summary>A pack read from XML (or built in memory); <paramref name="file"/> names it in findings.</summary>
    public static PackInput FromXml(ManagementPackDocument document, string? file = null) =>
        new(document, file ?? document.FileName, null);

    /// <summary>A pack over a document read some other way (the tests that compare readers).</summary>
    internal static PackInput Of(ManagementPackDocument document, string? file, SealedManagementPack? sealedPack) => new(document, file, sealedPack);

    /// <summary>A sealed pack; its embedded XML is parsed (lines of findings are lines of that XML).</summary>
    public static PackInput FromSealed(SealedManagementPack sealedPack, string? file = null)
    {
        var name = file ?? sealedPack.FileName;
        var document = ManagementPackDocument.Parse(sealedPack.Xml, name is null ? "embedded XML" : name + " (embedded XML)");
        return new PackInput(document, name, sealedPack);
    }
}
