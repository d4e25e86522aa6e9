using System.Text.RegularExpressions;
using Kmp.Testing;

namespace Kmp.Packaging.Tests;

/// <summary>Inputs shared by the packaging tests: the corpus test key, sample MP XML, MANIFEST tokens.</summary>
internal static partial class TestData
{
    /// <summary>The DEMO key pair of the corpus (sealed-mp-format.md §6 test vector); skips when the corpus is absent.</summary>
    public static string CorpusKeyPath => Corpus.File("keys", "SCOMAnalytics.snk");

    public const string CorpusKeyToken = "5da4468e48113a49";

    public static string DemoPackPath => Corpus.File("community", "DEMO.Azure.LogAnalytics.mp");

    private static readonly Lazy<StrongNameKey> GeneratedKey = new(() => StrongNameKey.Generate());

    /// <summary>One key pair generated per test run (no key material is committed).</summary>
    public static StrongNameKey Key => GeneratedKey.Value;

    /// <summary>A small management pack as the SDK serialises it: CRLF, 2-space indent, no declaration, no final newline.</summary>
    public static string SampleXml(string id = "KasperskyLab.Test.Library", string version = "1.2.3.4", int rules = 3)
    {
        var lines = new List<string>
        {
            "<ManagementPack ContentReadable=\"true\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">",
            "  <Manifest>",
            "    <Identity>",
            $"      <ID>{id}</ID>",
            $"      <Version>{version}</Version>",
            "    </Identity>",
            "    <Name>Kaspersky Lab Test Library — «ünïcödé» 𝄞</Name>",
            "    <References>",
            "      <Reference Alias=\"System\">",
            "        <ID>System.Library</ID>",
            "        <Version>6.1.7221.0</Version>",
            "        <PublicKeyToken>31bf3856ad364e35</PublicKeyToken>",
            "      </Reference>",
            "    </References>",
            "  </Manifest>",
            "  <TypeDefinitions>",
            "    <EntityTypes>",
            "      <ClassTypes>",
            $"        <ClassType ID=\"{id}.Application\" Accessibility=\"Public\" Abstract=\"true\" Base=\"System!System.LogicalEntity\" Hosted=\"false\" Singleton=\"false\" />",
            "      </ClassTypes>",
            "    </EntityTypes>",
            "  </TypeDefinitions>",
            "  <Monitoring>",
            "    <Rules>",
        };
        for (var i = 0; i < rules; i++)
        {
            lines.Add($"      <Rule ID=\"{id}.Rule{i}\" Enabled=\"true\" Target=\"{id}.Application\">");
            lines.Add("        <Category>Alert</Category>");
            lines.Add($"        <Description>Event {i} &amp; &lt;more&gt;</Description>");
            lines.Add("      </Rule>");
        }
        lines.AddRange(["    </Rules>", "  </Monitoring>", "</ManagementPack>"]);
        return string.Join("\r\n", lines);
    }

    /// <summary>The KeyToken column of MANIFEST.md for every sealed .mp row: relative path → token.</summary>
    public static IReadOnlyDictionary<string, string> ManifestTokens()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Corpus.File("MANIFEST.md")))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 9 || !cells[1].EndsWith(".mp", StringComparison.Ordinal) || cells[4] != "sealed .mp") continue;
            if (TokenPattern().IsMatch(cells[7])) result[cells[1]] = cells[7];
        }
        return result;
    }

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex TokenPattern();

    /// <summary>A copy of the bytes with one byte changed.</summary>
    public static byte[] WithByteFlipped(byte[] bytes, int offset)
    {
        var copy = (byte[])bytes.Clone();
        copy[offset] ^= 0x5A;
        return copy;
    }
}
