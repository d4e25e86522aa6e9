using System.Globalization;
using System.Xml;

namespace Kmp.ManagementPacks;

/// <summary>
/// The identity of a management pack as its manifest states it: ID, version and manifest name.
/// Read with a forward-only reader so that stages which only need the identity (sealing, listing)
/// do not parse the whole document.
/// </summary>
public sealed record ManagementPackIdentity(string Id, Version Version, string? Name)
{
    /// <summary>Reads <c>Manifest/Identity/ID</c>, <c>Manifest/Identity/Version</c> and <c>Manifest/Name</c>.</summary>
    /// <exception cref="KmpException">The text is not a management pack, or its identity is malformed.</exception>
    public static ManagementPackIdentity Read(string xml, string? fileName = null)
    {
        using var text = new StringReader(xml);
        using var reader = SafeXml.CreateReader(text);
        string? id = null, version = null, name = null;
        var path = new List<string>();
        try
        {
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (path.Count == 0 && (reader.LocalName != "ManagementPack" || reader.NamespaceURI.Length != 0))
                        throw KmpException.At(fileName, ((IXmlLineInfo)reader).LineNumber, ((IXmlLineInfo)reader).LinePosition,
                            reader.NamespaceURI.Length == 0
                                ? $"root element is <{reader.LocalName}>, not <ManagementPack>"
                                : $"root element <{reader.LocalName}> is in namespace '{reader.NamespaceURI}'; a management pack's <ManagementPack> has none");
                    if (path.Count == 1 && reader.LocalName != "Manifest") break; // the manifest always comes first
                    switch (string.Join('/', path) + "/" + reader.LocalName)
                    {
                        // ReadElementContentAsString moves past the element: no Read() after it.
                        case "ManagementPack/Manifest/Identity/ID": id = reader.ReadElementContentAsString().Trim(); continue;
                        case "ManagementPack/Manifest/Identity/Version": version = reader.ReadElementContentAsString().Trim(); continue;
                        case "ManagementPack/Manifest/Name": name = reader.ReadElementContentAsString().Trim(); continue;
                    }
                    if (!reader.IsEmptyElement) path.Add(reader.LocalName);
                }
                else if (reader.NodeType == XmlNodeType.EndElement)
                {
                    path.RemoveAt(path.Count - 1);
                    if (path.Count == 1) break; // end of Manifest
                }
                reader.Read();
            }
        }
        catch (XmlException ex)
        {
            throw SafeXml.NotWellFormed(fileName, ex, xml);
        }
        if (id is null) throw new KmpException(SourceLocation.Format(fileName) + "no Manifest/Identity/ID: not a management pack");
        if (version is null || !TryParseVersion(version, out var v))
            throw new KmpException(SourceLocation.Format(fileName) + $"Manifest/Identity/Version '{MessageText.OneLine(version ?? "")}' is not a four-part version");
        return new ManagementPackIdentity(id, v, name);
    }

    /// <summary>The largest version part an assembly version holds (65535 is reserved by the runtime).</summary>
    public const int MaxSealedVersionPart = 65534;

    /// <summary>
    /// Why <paramref name="version"/> cannot be a sealed pack's version (its assembly version, whose
    /// parts are 16-bit), or null when it can.
    /// </summary>
    public static string? ProblemWithSealedVersion(Version version)
    {
        int[] parts = [version.Major, version.Minor, Math.Max(version.Build, 0), Math.Max(version.Revision, 0)];
        return parts.Any(p => p > MaxSealedVersionPart)
            ? $"every part of a sealed pack's version must be 0-{MaxSealedVersionPart} (it is the assembly version)"
            : null;
    }

    /// <summary>
    /// The file name <c>ID.extension</c> in <paramref name="folder"/> for a pack: refuses an ID that is not
    /// an MP ID (so that <c>../x</c>, an absolute path or <c>a/b</c> can never place a file outside the folder).
    /// </summary>
    /// <exception cref="KmpException">The ID is not a valid MP ID.</exception>
    public static string FilePath(string folder, string id, string extension, string? fileName = null)
    {
        if (Identifiers.ProblemWithElementId(id) is { } problem)
            throw new KmpException(SourceLocation.Format(fileName) + $"Manifest/Identity/ID '{id}' {problem}; refusing to name a file after it");
        if (IsWindowsDeviceName(id.Split('.')[0]))
            throw new KmpException(SourceLocation.Format(fileName) + $"Manifest/Identity/ID '{id}' begins with the Windows device name '{id.Split('.')[0]}' (a file named so is the device on Windows); refusing to name a file after it");
        return Path.Combine(folder, id + extension);
    }

    /// <summary>CON, PRN, AUX, NUL, COM0–9 and LPT0–9 (any case): on Windows a file whose name is one of them, before its first dot, is that device.</summary>
    private static bool IsWindowsDeviceName(string name) =>
        name.ToUpperInvariant() is "CON" or "PRN" or "AUX" or "NUL" or "CONIN$" or "CONOUT$"
        || (name.Length == 4 && name.ToUpperInvariant() is ['C', 'O', 'M', _] or ['L', 'P', 'T', _] && (char.IsAsciiDigit(name[3]) || name[3] is '¹' or '²' or '³'));

    /// <summary>Parses an MP version: exactly four dot-separated parts of 1–10 digits.</summary>
    public static bool TryParseVersion(string text, out Version version)
    {
        version = new Version(0, 0, 0, 0);
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        var numbers = new int[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 10 || !parts[i].All(char.IsAsciiDigit)) return false;
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return false;
        }
        version = new Version(numbers[0], numbers[1], numbers[2], numbers[3]);
        return true;
    }
}
