using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Templates;

/// <summary>
/// The templates of the pack family, read from a folder laid out like <c>mp-templates/</c>:
/// <c>library.json</c> (the shared library) and <c>products/*.json</c> (one file per product). All or
/// nothing: any problem in any file, or across files (a duplicate product key, a product naming a
/// shared component the library does not define), is a <see cref="KmpException"/>
/// <c>file:line:column: message</c> and no catalog.
/// </summary>
public sealed class TemplateCatalog
{
    /// <summary>File name of the library template in the templates folder.</summary>
    public const string LibraryFileName = "library.json";

    /// <summary>Folder of the product templates in the templates folder.</summary>
    public const string ProductsFolderName = "products";

    private readonly IReadOnlyDictionary<string, string> productFiles;

    private TemplateCatalog(string folder, string libraryFile, LibraryTemplate library, IReadOnlyList<ProductTemplate> products,
        IReadOnlyDictionary<string, string> productFiles)
    {
        Folder = folder;
        LibraryFile = libraryFile;
        Library = library;
        Products = products;
        this.productFiles = productFiles;
    }

    /// <summary>The templates folder, as given.</summary>
    public string Folder { get; }

    /// <summary>Path of <c>library.json</c>.</summary>
    public string LibraryFile { get; }

    /// <summary>The shared library template.</summary>
    public LibraryTemplate Library { get; }

    /// <summary>The product templates, sorted by key (ordinal).</summary>
    public IReadOnlyList<ProductTemplate> Products { get; }

    /// <summary>The product with this key (case-insensitive), or null.</summary>
    public ProductTemplate? Find(string key) =>
        Products.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The product with this key (case-insensitive); an unknown key is a one-line error listing the known ones.</summary>
    public ProductTemplate Product(string key) =>
        Find(key) ?? throw new KmpException(
            $"{Path.Combine(Folder, ProductsFolderName)}: no product template with key '{key}' (known: {string.Join(", ", Products.Select(p => p.Key))})");

    /// <summary>The file a product was read from.</summary>
    public string FileOf(ProductTemplate product) =>
        productFiles.TryGetValue(product.Key, out var file) ? file : throw new ArgumentException($"'{product.Key}' is not a product of this catalog", nameof(product));

    /// <summary>Reads and checks every template in <paramref name="templatesFolder"/>.</summary>
    public static TemplateCatalog Load(string templatesFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(templatesFolder);
        if (!Directory.Exists(templatesFolder)) throw KmpException.At(templatesFolder, 0, 0, "templates folder not found");

        var libraryFile = Path.Combine(templatesFolder, LibraryFileName);
        var library = TemplateFile.ReadLibraryDocument(libraryFile);
        var componentKeys = library.Value.SharedComponents.Select(c => c.Key).ToList();

        var productsFolder = Path.Combine(templatesFolder, ProductsFolderName);
        var files = Directory.Exists(productsFolder)
            ? Directory.EnumerateFiles(productsFolder, "*.json").Order(StringComparer.Ordinal).ToList()
            : [];

        var documents = new List<TemplateDocument<ProductTemplate>>();
        var byKey = new Dictionary<string, TemplateDocument<ProductTemplate>>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            var document = TemplateFile.ReadProductDocument(file);
            var product = document.Value;
            if (byKey.TryGetValue(product.Key, out var other))
            {
                throw document.Error("key", $"duplicate product key '{product.Key}' (also in {other.File})");
            }
            var shared = product.SharedComponents ?? [];
            for (var i = 0; i < shared.Count; i++)
            {
                if (!componentKeys.Contains(shared[i], StringComparer.Ordinal))
                {
                    var known = componentKeys.Count == 0 ? "it defines none" : "it defines " + string.Join(", ", componentKeys);
                    throw document.Error(JsonPositions.Item("sharedComponents", i),
                        $"unknown shared component '{shared[i]}': {libraryFile} does not define it ({known})");
                }
            }
            byKey[product.Key] = document;
            documents.Add(document);
        }

        var products = documents.Select(d => d.Value).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var productFiles = documents.ToDictionary(d => d.Value.Key, d => d.File, StringComparer.Ordinal);
        return new TemplateCatalog(templatesFolder, libraryFile, library.Value, products, productFiles);
    }
}
