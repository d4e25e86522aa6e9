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
        using var reader = XmlReader.Create(text, SafeXml.ReaderSettings());
        string? id = null, version = null, name = null;
        var path = new List<string>();
        try
        {
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (path.Count == 0 && reader.LocalName != "ManagementPack")
                        throw KmpException.At(fileName, ((IXmlLineInfo)reader).LineNumber, ((IXmlLineInfo)reader).LinePosition,
                            $"root element is <{reader.LocalName}>, not <ManagementPack>");
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
            throw KmpException.At(fileName, ex.LineNumber, ex.LinePosition, "not well-formed XML: " + ex.Message);
        }
        if (id is null) throw new KmpException(SourceLocation.Format(fileName) + "no Manifest/Identity/ID: not a management pack");
        if (version is null || !TryParseVersion(version, out var v))
            throw new KmpException(SourceLocation.Format(fileName) + $"Manifest/Identity/Version '{version}' is not a four-part version");
        return new ManagementPackIdentity(id, v, name);
    }

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
