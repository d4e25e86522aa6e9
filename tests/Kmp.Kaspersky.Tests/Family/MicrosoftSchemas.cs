using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Schema;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Family;

/// <summary>Validates pack XML against Microsoft's MP XSDs from the corpus (test helper).</summary>
internal static class MicrosoftSchemas
{
    private static readonly ConcurrentDictionary<string, XmlSchemaSet> Sets = new();

    public static IReadOnlyList<string> Validate(byte[] xml, string schemaFile)
    {
        var set = Sets.GetOrAdd(schemaFile, Load);
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = set, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read()) { }
        return errors;
    }

    private static XmlSchemaSet Load(string schemaFile)
    {
        var folder = Corpus.File("xsd");
        var set = new XmlSchemaSet { XmlResolver = new BackslashResolver(folder) };
        using (var reader = XmlReader.Create(Path.Combine(folder, schemaFile), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = new BackslashResolver(folder) }))
        {
            set.Add(null, reader);
        }
        set.Compile();
        return set;
    }

    /// <summary>The XSDs import "maml\Maml.xsd" with a backslash and MAML parts name "maml.xsd" in lower case.</summary>
    private sealed class BackslashResolver(string root) : XmlUrlResolver
    {
        public override Uri ResolveUri(Uri? baseUri, string? relativeUri)
        {
            var relative = (relativeUri ?? "").Replace('\\', '/');
            var resolved = base.ResolveUri(baseUri, relative);
            if (resolved.IsFile && !File.Exists(resolved.LocalPath))
            {
                var dir = Path.GetDirectoryName(resolved.LocalPath)!;
                var match = Directory.Exists(dir)
                    ? Directory.EnumerateFiles(dir).FirstOrDefault(f => string.Equals(Path.GetFileName(f), Path.GetFileName(resolved.LocalPath), StringComparison.OrdinalIgnoreCase))
                    : null;
                match ??= Directory.EnumerateFiles(root, Path.GetFileName(resolved.LocalPath), new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive, RecurseSubdirectories = true }).FirstOrDefault();
                if (match is not null) return new Uri(match);
            }
            return resolved;
        }
    }
}
