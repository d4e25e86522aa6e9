using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Packaging;

namespace Kmp.Operations;

/// <summary>
/// A management pack as it is handed to a management group: its XML read as a document, whether it
/// is sealed, its public key token (sealed packs only) and the bytes of the file (the XML text, or
/// the signed .mp assembly). The bytes are what crosses a process boundary; the document is read
/// from them.
/// </summary>
public sealed record ManagementPackFile(ManagementPackDocument Document, bool Sealed, string? KeyToken, byte[] Content)
{
    public string Id => Document.Id;

    public Version Version => Document.Version;

    /// <summary>True when <see cref="Content"/> is a sealed .mp assembly rather than XML text.</summary>
    public bool IsAssembly => Content.Length >= 2 && Content[0] == (byte)'M' && Content[1] == (byte)'Z';

    /// <summary>The pack's XML text: the file itself for XML, the embedded document for a .mp file.</summary>
    public string Xml()
    {
        if (IsAssembly) return Document.Xml.ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
        using var reader = new StreamReader(new MemoryStream(Content), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>An unsealed pack from its XML text.</summary>
    public static ManagementPackFile Unsealed(string xml, string? fileName = null) =>
        new(ManagementPackDocument.Parse(xml, fileName), false, null, System.Text.Encoding.UTF8.GetBytes(xml));

    /// <summary>
    /// A pack whose XML is declared sealed with the given key token: how a sealed pack is described
    /// where only its XML is at hand (the libraries of a new local group, tests).
    /// </summary>
    public static ManagementPackFile DeclaredSealed(string xml, string keyToken, string? fileName = null)
    {
        if (!Identifiers.IsPublicKeyToken(keyToken))
            throw new KmpException($"{SourceLocation.Format(fileName)}public key token '{keyToken}' is not 16 lower-case hex digits");
        return new(ManagementPackDocument.Parse(xml, fileName), true, keyToken, System.Text.Encoding.UTF8.GetBytes(xml));
    }

    /// <summary>A sealed .mp file: its embedded XML, and the token of the key that signed it.</summary>
    public static ManagementPackFile FromAssembly(byte[] bytes, string? fileName = null)
    {
        var sealedPack = SealedManagementPack.Read(bytes, fileName);
        if (sealedPack.PublicKeyToken is null)
            throw new KmpException(ErrorKind.VerificationFailed, $"{SourceLocation.Format(fileName)}the assembly has no strong name: it is not a sealed management pack");
        // Read, but its strong name does not verify: what kmp verify reports as an error (KMP7001, KMP7002), so the same exit code.
        if (sealedPack.SignatureStatus != SignatureStatus.Valid)
            throw new KmpException(ErrorKind.VerificationFailed, $"{SourceLocation.Format(fileName)}the strong-name signature is {sealedPack.SignatureStatus.ToString().ToLowerInvariant()}: SCOM refuses to import it");
        return new(ManagementPackDocument.Parse(sealedPack.Xml, fileName), true, sealedPack.PublicKeyToken, bytes);
    }

    /// <summary>Reads a .xml (unsealed) or .mp (sealed) file.</summary>
    public static ManagementPackFile Load(string path)
    {
        var isAssembly = path.EndsWith(".mp", StringComparison.OrdinalIgnoreCase);
        var bytes = InputFile.ReadAllBytes(path, isAssembly ? 256L * 1024 * 1024 : ManagementPackText.MaxFileBytes, "one management pack");
        if (isAssembly) return FromAssembly(bytes, path);
        return new(ManagementPackDocument.Parse(ManagementPackText.Decode(bytes, path), path), false, null, bytes);
    }
}
