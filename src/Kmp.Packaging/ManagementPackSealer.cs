using System.Buffers.Binary;
using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;

namespace Kmp.Packaging;

/// <summary>What goes into a sealed pack's assembly attributes, besides what the XML says.</summary>
public sealed record SealOptions
{
    public static SealOptions Default { get; } = new();

    /// <summary>AssemblyCompany (empty when not given).</summary>
    public string Company { get; init; } = "";

    /// <summary>AssemblyCopyright (empty when not given, as in some real packs).</summary>
    public string Copyright { get; init; } = "";

    /// <summary>AssemblyProduct; null means the MP ID, as the SDK's ManagementPackAssemblyWriter does.</summary>
    public string? Product { get; init; }

    /// <summary>Gzip level of the embedded XML.</summary>
    public CompressionLevel Compression { get; init; } = CompressionLevel.Optimal;
}

/// <summary>A pack sealed to a file by <see cref="ManagementPackSealer.SealFile"/>.</summary>
public sealed record SealedFile(string Path, ManagementPackIdentity Identity, string PublicKeyToken, bool DelaySigned, long Length);

/// <summary>
/// Seals MP XML into <c>&lt;ID&gt;.mp</c>: a strong-named, IL-only assembly written directly with
/// System.Reflection.Metadata (no compiler), laid out as sealed-mp-format.md §2–§5 describe:
/// assembly name = MP ID, module <c>&lt;ID&gt;.mp</c>, version = MP version, metadata version
/// <c>v2.0.50727</c>, a reference to mscorlib 2.0.0.0, Company/Product/Copyright attributes, and one
/// embedded public resource <c>MPResources.resources</c> holding the gzipped UTF-16LE XML.
/// The output is a function of the XML, the key and the options only: no timestamps, and the MVID
/// and PE time stamp are derived from a hash of the content.
/// </summary>
public static class ManagementPackSealer
{
    private const string MetadataVersion = "v2.0.50727";
    private static readonly Version MscorlibVersion = new(2, 0, 0, 0);
    private static readonly byte[] EcmaToken = Convert.FromHexString("b77a5c561934e089");

    /// <summary>
    /// Seals <paramref name="xml"/>. Signs with <paramref name="key"/> when it holds a private key,
    /// otherwise delay-signs (public key and an all-zero signature slot).
    /// </summary>
    /// <exception cref="KmpException">The XML is not a well-formed management pack.</exception>
    public static byte[] Seal(string xml, StrongNameKey key, SealOptions? options = null, string? fileName = null) =>
        Seal(xml, key, options, fileName, wellFormed: false);

    /// <summary>
    /// Seals the text <paramref name="document"/> was read from (<see cref="ManagementPackDocument.Text"/>):
    /// the same bytes as <see cref="Seal(string, StrongNameKey, SealOptions?, string?)"/> of that text, without
    /// reading the whole text a second time, since reading it into the document proved it well-formed with
    /// the same reader. This is how <c>kmp build</c> seals: one parse serves verification and sealing.
    /// </summary>
    /// <exception cref="ArgumentException">The document was not read from text.</exception>
    /// <exception cref="KmpException">The pack's identity cannot be sealed (its version).</exception>
    public static byte[] Seal(ManagementPackDocument document, StrongNameKey key, SealOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var xml = document.Text ?? throw new ArgumentException("the document was not read from text (ManagementPackDocument.Parse or Load(path))", nameof(document));
        return Seal(xml, key, options, document.FileName, wellFormed: true);
    }

    private static byte[] Seal(string xml, StrongNameKey key, SealOptions? options, string? fileName, bool wellFormed)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(key);
        options ??= SealOptions.Default;
        // Checked on the text as given (less a byte order mark), so that line numbers count from the start of the file.
        var text = xml.StartsWith('\uFEFF') ? xml[1..] : xml;
        var identity = ManagementPackIdentity.Read(text, fileName); // the manifest only: it stops there
        if (ManagementPackIdentity.ProblemWithSealedVersion(identity.Version) is { } versionProblem)
            throw new KmpException(SourceLocation.Format(fileName) + $"Manifest/Identity/Version {identity.Version}: {versionProblem}");
        if (!wellFormed) CheckWellFormed(text, fileName);

        var gzip = ManagementPackPayload.Compress(xml, options.Compression); // compresses the stored text: no declaration
        var resourcesFile = new byte[ManagementPackResources.HeaderSize + gzip.Length];
        ManagementPackResources.WriteHeader(resourcesFile, gzip.Length);
        gzip.CopyTo(resourcesFile, ManagementPackResources.HeaderSize);
        return BuildImage(identity, key, options, resourcesFile, fileName);
    }

    /// <summary>
    /// Writes the assembly around a complete <c>MPResources.resources</c> file and signs it. Separate
    /// from <see cref="Seal"/> so that tests can build packs with damaged resources.
    /// </summary>
    internal static byte[] BuildImage(ManagementPackIdentity identity, StrongNameKey key, SealOptions options, byte[] resourcesFile, string? fileName)
    {
        var resources = new BlobBuilder(4 + resourcesFile.Length);
        resources.WriteInt32(resourcesFile.Length);
        resources.WriteBytes(resourcesFile);

        var product = options.Product ?? identity.Id;
        var contentId = ContentId(identity, key, options.Company, product, options.Copyright, resourcesFile);
        var metadata = BuildMetadata(identity, key, options.Company, product, options.Copyright, contentId.Guid);

        var peHeader = new PEHeaderBuilder(
            machine: Machine.I386,
            sectionAlignment: 0x2000,
            fileAlignment: 0x200,
            imageBase: 0x400000,
            majorLinkerVersion: 8,
            minorLinkerVersion: 0,
            majorOperatingSystemVersion: 4,
            minorOperatingSystemVersion: 0,
            majorSubsystemVersion: 4,
            minorSubsystemVersion: 0,
            subsystem: Subsystem.WindowsCui,
            dllCharacteristics: DllCharacteristics.DynamicBase | DllCharacteristics.NxCompatible
                                | DllCharacteristics.NoSeh | DllCharacteristics.TerminalServerAware,
            imageCharacteristics: Characteristics.ExecutableImage | Characteristics.Dll | Characteristics.Bit32Machine,
            sizeOfStackReserve: 0x100000,
            sizeOfStackCommit: 0x1000,
            sizeOfHeapReserve: 0x100000,
            sizeOfHeapCommit: 0x1000);
        var peBuilder = new ManagedPEBuilder(
            peHeader,
            new MetadataRootBuilder(metadata, MetadataVersion),
            ilStream: new BlobBuilder(16),
            managedResources: resources,
            strongNameSignatureSize: key.SignatureSize,
            flags: CorFlags.ILOnly | CorFlags.StrongNameSigned,
            deterministicIdProvider: _ => contentId);
        var output = new BlobBuilder(resourcesFile.Length + 4096);
        peBuilder.Serialize(output);
        var image = output.ToArray();

        if (key.HasPrivateKey)
            StrongNameSignature.Sign(image, PeLayout.Read(image, fileName), key, fileName);
        return image;
    }

    /// <summary>
    /// Reads an XML file, seals it and writes <c>&lt;ID&gt;.mp</c> into <paramref name="outputDirectory"/>
    /// (created if needed) atomically: a failure never leaves a partial file.
    /// </summary>
    public static SealedFile SealFile(string xmlPath, StrongNameKey key, SealOptions? options, string outputDirectory)
    {
        var xml = ReadXmlFile(xmlPath);
        var identity = ManagementPackIdentity.Read(xml, xmlPath);
        var path = ManagementPackIdentity.FilePath(outputDirectory, identity.Id, ".mp", xmlPath); // before anything is written
        var image = Seal(xml, key, options, xmlPath);
        AtomicFile.WriteAllBytes(path, image);
        return new SealedFile(path, identity, key.PublicKeyToken, !key.HasPrivateKey, image.Length);
    }

    /// <summary>
    /// Signs a sealed pack file in place (atomically) with the key pair whose public key it carries: the
    /// release step after <c>--delay-sign</c>, like <c>sn -R</c>. Returns the pack as read back.
    /// </summary>
    /// <exception cref="KmpException">Not a sealed pack, or sealed for another key.</exception>
    public static SealedManagementPack SignSealedFile(string path, StrongNameKey key)
    {
        if (!key.HasPrivateKey) throw new KmpException(SourceLocation.Format(path) + $"cannot sign with {key}: it has no private key");
        var pack = SealedManagementPack.Open(path);
        if (pack.PublicKey is null || !key.PublicKey.Span.SequenceEqual(pack.PublicKey))
            throw new KmpException(SourceLocation.Format(path) +
                $"was sealed for key token {pack.PublicKeyToken ?? "(none)"}, not {key.PublicKeyToken}; a pack can only be signed with the key it was sealed for");
        var image = InputFile.ReadAllBytes(path, SealedManagementPack.MaxFileBytes, "a sealed pack");
        StrongNameSignature.Sign(image, key, path);
        AtomicFile.WriteAllBytes(path, image);
        return SealedManagementPack.Read(image, path);
    }

    /// <summary>
    /// Reads an MP XML file with the reader <c>kmp verify</c> uses, so that nothing verify refuses as
    /// unreadable (invalid bytes, contradicting or unknown encodings) is ever sealed.
    /// </summary>
    public static string ReadXmlFile(string path) => Kmp.ManagementPacks.Xml.ManagementPackText.ReadFile(path);

    private static void CheckWellFormed(string xml, string? fileName)
    {
        using var text = new StringReader(xml);
        using var reader = SafeXml.CreateReader(text);
        try
        {
            while (reader.Read()) { }
        }
        catch (XmlException ex)
        {
            throw SafeXml.NotWellFormed(fileName, ex, xml);
        }
    }

    /// <summary>MVID and PE time stamp: a hash of everything that goes into the file.</summary>
    private static BlobContentId ContentId(ManagementPackIdentity identity, StrongNameKey key, string company, string product, string copyright, byte[] resourcesFile)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var text in new[] { "kmp-seal-1", identity.Id, identity.Version.ToString(), company, product, copyright })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        hash.AppendData(key.PublicKey.Span);
        hash.AppendData(resourcesFile);
        return BlobContentId.FromHash(hash.GetHashAndReset());
    }

    private static MetadataBuilder BuildMetadata(ManagementPackIdentity identity, StrongNameKey key, string company, string product, string copyright, Guid mvid)
    {
        var md = new MetadataBuilder();
        md.AddModule(0, md.GetOrAddString(identity.Id + ".mp"), md.GetOrAddGuid(mvid), default, default);
        md.AddAssembly(md.GetOrAddString(identity.Id), identity.Version, default,
            md.GetOrAddBlob(key.PublicKey.ToArray()), AssemblyFlags.PublicKey, AssemblyHashAlgorithm.Sha1);
        var mscorlib = md.AddAssemblyReference(md.GetOrAddString("mscorlib"), MscorlibVersion, default,
            md.GetOrAddBlob(EcmaToken), default, default);
        md.AddTypeDefinition(default, default, md.GetOrAddString("<Module>"), default,
            MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));

        var ctorSignature = new BlobBuilder();
        new BlobEncoder(ctorSignature).MethodSignature(isInstanceMethod: true)
            .Parameters(1, r => r.Void(), p => p.AddParameter().Type().String());
        var ctorBlob = md.GetOrAddBlob(ctorSignature);
        // The csc 2.0 order of the real files: Copyright, Product, Company.
        foreach (var (attribute, value) in new[] { ("AssemblyCopyrightAttribute", copyright), ("AssemblyProductAttribute", product), ("AssemblyCompanyAttribute", company) })
        {
            var type = md.AddTypeReference(mscorlib, md.GetOrAddString("System.Reflection"), md.GetOrAddString(attribute));
            var ctor = md.AddMemberReference(type, md.GetOrAddString(".ctor"), ctorBlob);
            var argument = new BlobBuilder();
            new BlobEncoder(argument).CustomAttributeSignature(
                f => f.AddArgument().Scalar().Constant(value),
                n => n.Count(0));
            md.AddCustomAttribute(EntityHandle.AssemblyDefinition, ctor, md.GetOrAddBlob(argument));
        }
        md.AddManifestResource(ManifestResourceAttributes.Public, md.GetOrAddString(ManagementPackResources.ResourceName), default, 0);
        return md;
    }
}
