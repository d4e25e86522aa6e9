using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Kmp.ManagementPacks;

namespace Kmp.Verification.Checks;

/// <summary>
/// Layer 2: Microsoft's MP schema for the pack's SchemaVersion (absent or 1.0 → v1.0, 1.1 → v1.1,
/// 2.0 → v2.0), loaded from the --schemas folder. The real files import <c>maml\Maml.xsd</c> with a
/// backslash and the MAML parts refer to <c>maml.xsd</c> in lower case; <see cref="SchemaFolderResolver"/>
/// maps both. Compiled schema sets are cached per folder.
/// </summary>
internal static class SchemaValidation
{
    private static readonly ConcurrentDictionary<(string, MpSchema), Lazy<XmlSchemaSet>> Cache = new();

    public static void Run(VerificationContext context, PackEntry pack, string directory)
    {
        var schema = SchemaVersions.Of(pack.Document.SchemaVersion);
        var set = Load(directory, schema);
        var reported = 0;
        pack.Document.Xml.Validate(set, (sender, e) =>
        {
            if (reported++ >= 50) return; // a pack in the wrong schema fails everywhere: the first 50 say enough
            var node = sender as XObject;
            context.Report(Codes.SchemaInvalid, pack, node is null ? null : VerificationContext.ElementIdOf(node), node,
                $"schema {schema.Name()}: {e.Message}");
        });
    }

    /// <summary>The compiled MP schema of a version from a folder of Microsoft's XSDs.</summary>
    /// <exception cref="KmpException">The folder or the schema file is missing, or it does not compile.</exception>
    public static XmlSchemaSet Load(string directory, MpSchema schema)
    {
        var full = Path.GetFullPath(directory);
        var lazy = Cache.GetOrAdd((full, schema), key => new Lazy<XmlSchemaSet>(() => Compile(key.Item1, key.Item2)));
        try
        {
            return lazy.Value;
        }
        catch (KmpException)
        {
            Cache.TryRemove((full, schema), out _);
            throw;
        }
    }

    private static XmlSchemaSet Compile(string directory, MpSchema schema)
    {
        var file = Path.Combine(directory, $"ManagementPackSchema.v{schema.Name()}.xsd");
        if (!File.Exists(file))
            throw new KmpException(SourceLocation.Format(directory) + $"ManagementPackSchema.v{schema.Name()}.xsd not found in the schemas folder");
        var resolver = new SchemaFolderResolver();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var stream = new MemoryStream(InputFile.ReadAllBytes(file, 16L * 1024 * 1024, "an XML schema"), writable: false);
            using var reader = XmlReader.Create(stream, settings, new Uri(Path.GetFullPath(file)).AbsoluteUri);
            set.Add(null, reader);
            set.Compile();
        }
        catch (Exception ex) when (ex is XmlException or XmlSchemaException or IOException)
        {
            throw new KmpException(SourceLocation.Format(file) + "the MP schema does not compile: " + ex.Message, ex);
        }
        return set;
    }
}

/// <summary>
/// Resolves the schema imports of Microsoft's MP XSDs inside one folder: backslashes become path
/// separators and a file name that differs only in case (<c>maml.xsd</c> → <c>Maml.xsd</c>) is found.
/// Nothing outside local files is ever fetched.
/// </summary>
internal sealed class SchemaFolderResolver : XmlResolver
{
    public override Uri ResolveUri(Uri? baseUri, string? relativeUri)
    {
        var relative = (relativeUri ?? "").Replace('\\', '/');
        var uri = baseUri is null ? new Uri(Path.GetFullPath(relative)) : new Uri(baseUri, relative);
        return uri.IsFile ? new Uri(ActualCase(uri.LocalPath)) : uri;
    }

    /// <summary>The path of the file as spelled on disk (one URI per file, so no schema is loaded twice).</summary>
    private static string ActualCase(string path)
    {
        if (File.Exists(path)) return path;
        var dir = Path.GetDirectoryName(path);
        var match = dir is not null && Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir).FirstOrDefault(f => string.Equals(Path.GetFileName(f), Path.GetFileName(path), StringComparison.OrdinalIgnoreCase))
            : null;
        return match ?? path;
    }

    public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
    {
        if (!absoluteUri.IsFile) throw new XmlException($"schema import '{absoluteUri}' is not a local file");
        var path = ActualCase(absoluteUri.LocalPath);
        if (!File.Exists(path)) throw new FileNotFoundException($"schema import not found: {path}", path);
        return new MemoryStream(InputFile.ReadAllBytes(path, 16L * 1024 * 1024, "an XML schema"), writable: false);
    }
}
