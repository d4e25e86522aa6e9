using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using Kmp.ManagementPacks;

namespace Kmp.Packaging;

/// <summary>
/// A sealed management pack read back from its <c>.mp</c> bytes, the way the SCOM SDK reads it
/// (sealed-mp-format.md §9): the embedded <c>MPResources.resources</c> → <c>ManagementPack</c> byte[] →
/// gunzip → UTF-16 XML, plus the strong name (token and signature check) and the assembly attributes.
/// </summary>
public sealed class SealedManagementPack
{
    /// <summary>Largest .mp file kmp opens (the biggest real packs are a few MB).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    private SealedManagementPack() { }

    /// <summary>The file name given to <see cref="Read"/> (for messages), if any.</summary>
    public string? FileName { get; private init; }

    /// <summary>ID, version and name from the embedded XML's manifest (what SCOM uses).</summary>
    public required ManagementPackIdentity Identity { get; init; }

    /// <summary>The embedded MP XML, exactly as stored (no declaration).</summary>
    public required string Xml { get; init; }

    /// <summary>The assembly's name (the MP ID, by convention).</summary>
    public required string AssemblyName { get; init; }

    /// <summary>The assembly's version (the MP version, by convention).</summary>
    public required Version AssemblyVersion { get; init; }

    /// <summary>The strong-name public key blob, or null for an assembly without a strong name.</summary>
    public byte[]? PublicKey { get; private init; }

    /// <summary>The key token (16 lower-case hex digits), or null when the assembly has no public key.</summary>
    public string? PublicKeyToken { get; private init; }

    public SignatureStatus SignatureStatus { get; private init; }

    public string? Company { get; private init; }

    public string? Product { get; private init; }

    public string? Copyright { get; private init; }

    /// <summary>The metadata version string (<c>v2.0.50727</c> or <c>v4.0.30319</c> in real packs).</summary>
    public required string MetadataVersion { get; init; }

    /// <summary>The version of the mscorlib the assembly references, if any.</summary>
    public Version? MscorlibVersion { get; private init; }

    /// <summary>Size of the gzipped XML in the resource.</summary>
    public int CompressedXmlLength { get; private init; }

    /// <summary>
    /// Differences from the sealed-pack conventions that SCOM itself ignores (assembly name or version
    /// not matching the manifest); empty for a well-made pack.
    /// </summary>
    public IReadOnlyList<string> Remarks { get; private init; } = [];

    /// <summary>Opens and reads a sealed pack file.</summary>
    /// <exception cref="KmpException">The file cannot be read or is not a sealed management pack.</exception>
    public static SealedManagementPack Open(string path, long maxXmlBytes = ManagementPackPayload.DefaultMaxXmlBytes)
    {
        var bytes = InputFile.ReadAllBytes(path, MaxFileBytes, "a sealed pack: far larger than any real one");
        return Read(bytes, path, maxXmlBytes);
    }

    /// <summary>Reads a sealed pack from its bytes.</summary>
    /// <exception cref="KmpException">The bytes are not a sealed management pack; the message says why.</exception>
    public static SealedManagementPack Read(byte[] bytes, string? fileName = null, long maxXmlBytes = ManagementPackPayload.DefaultMaxXmlBytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var where = SourceLocation.Format(fileName);
        KmpException NotAPack(string message) => new(where + "not a sealed management pack: " + MessageText.OneLine(message));
        RecognizeOtherFormats(bytes, NotAPack);

        var layout = PeLayout.Read(bytes, fileName);
        MetadataReader metadata;
        PEReader pe;
        try
        {
            pe = new PEReader(ImmutableCollectionsMarshal.AsImmutableArray(bytes));
            if (!pe.HasMetadata) throw NotAPack("the assembly has no metadata");
            metadata = pe.GetMetadataReader();
        }
        catch (Exception ex) when (IsMetadataDamage(ex))
        {
            throw NotAPack("damaged metadata (" + ex.Message + ")");
        }

        using (pe)
        {
            try
            {
                if (!metadata.IsAssembly) throw NotAPack("a .NET module without an assembly manifest");
                var assembly = metadata.GetAssemblyDefinition();
                var publicKey = metadata.GetBlobBytes(assembly.PublicKey);
                var (company, product, copyright) = ReadAttributes(metadata, assembly);
                Version? mscorlib = null;
                foreach (var handle in metadata.AssemblyReferences)
                {
                    var reference = metadata.GetAssemblyReference(handle);
                    if (metadata.StringComparer.Equals(reference.Name, "mscorlib")) mscorlib = reference.Version;
                }

                var gzip = ReadResource(bytes, layout, metadata, fileName, NotAPack);
                var xml = ManagementPackPayload.Decompress(gzip, fileName, maxXmlBytes);
                var identity = ManagementPackIdentity.Read(xml, fileName is null ? "embedded XML" : fileName + " (embedded XML)");

                string? token = null;
                var status = SignatureStatus.Unsigned;
                if (publicKey.Length > 0)
                {
                    token = StrongNameKey.ComputeToken(publicKey);
                    if ((layout.CorFlags & PeLayout.CorFlagsStrongNameSigned) != 0 || layout.StrongNameSignatureOffset >= 0)
                    {
                        try
                        {
                            status = StrongNameSignature.Verify(bytes, layout, StrongNameKey.FromPublicKeyBlob(publicKey, fileName));
                        }
                        catch (KmpException)
                        {
                            status = SignatureStatus.Invalid; // a public key kmp cannot use cannot vouch for the file
                        }
                    }
                }

                var assemblyName = metadata.GetString(assembly.Name);
                var remarks = new List<string>();
                if (!string.Equals(assemblyName, identity.Id, StringComparison.Ordinal))
                    remarks.Add($"assembly name '{assemblyName}' differs from the MP ID '{identity.Id}'");
                if (assembly.Version != identity.Version)
                    remarks.Add($"assembly version {assembly.Version} differs from the MP version {identity.Version}");

                return new SealedManagementPack
                {
                    FileName = fileName,
                    Identity = identity,
                    Xml = xml,
                    AssemblyName = assemblyName,
                    AssemblyVersion = assembly.Version,
                    PublicKey = publicKey.Length > 0 ? publicKey : null,
                    PublicKeyToken = token,
                    SignatureStatus = status,
                    Company = company,
                    Product = product,
                    Copyright = copyright,
                    MetadataVersion = metadata.MetadataVersion,
                    MscorlibVersion = mscorlib,
                    CompressedXmlLength = gzip.Length,
                    Remarks = remarks,
                };
            }
            catch (Exception ex) when (IsMetadataDamage(ex))
            {
                throw NotAPack("damaged metadata (" + ex.Message + ")");
            }
        }
    }

    /// <summary>What System.Reflection.Metadata throws on damaged tables and heaps (found by fuzzing: not only BadImageFormatException).</summary>
    private static bool IsMetadataDamage(Exception ex) => ex is BadImageFormatException or OverflowException or ArgumentOutOfRangeException;

    private static void RecognizeOtherFormats(byte[] bytes, Func<string, KmpException> notAPack)
    {
        ReadOnlySpan<byte> s = bytes;
        if (s.Length == 0) throw notAPack("the file is empty");
        if (s.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
            throw notAPack("this is a Windows Installer file (an .mpb bundle?), not a sealed .mp");
        if (s.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) throw notAPack("this is a gzip file, not a sealed .mp");
        if (s.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04])) throw notAPack("this is a zip file, not a sealed .mp");
        var head = s[..Math.Min(s.Length, 64)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.TrimStart(" \t\r\n"u8).StartsWith("<"u8))
            throw notAPack("this is XML (an unsealed management pack?); seal it with 'kmp seal'");
    }

    private static ReadOnlyMemory<byte> ReadResource(byte[] bytes, PeLayout layout, MetadataReader metadata, string? fileName, Func<string, KmpException> notAPack)
    {
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!metadata.StringComparer.Equals(resource.Name, ManagementPackResources.ResourceName)) continue;
            if (!resource.Implementation.IsNil)
                throw notAPack($"{ManagementPackResources.ResourceName} is not embedded in the assembly");
            if (layout.Resources.Size <= 0)
                throw notAPack("the assembly declares resources but has no resource data");
            var area = layout.ToOffset(layout.Resources.RelativeVirtualAddress, layout.Resources.Size)
                       ?? throw notAPack("the file is truncated (resource data outside the file)");
            var offset = resource.Offset;
            if (offset < 0 || offset > layout.Resources.Size - 4)
                throw notAPack($"{ManagementPackResources.ResourceName} lies outside the resource data");
            var length = BitConverter.ToInt32(bytes, area + (int)offset);
            if (length < 0 || length > layout.Resources.Size - offset - 4)
                throw notAPack($"{ManagementPackResources.ResourceName} claims {length} bytes, more than the resource data holds (truncated)");
            var resourceBytes = new ReadOnlyMemory<byte>(bytes, area + (int)offset + 4, length);
            return ManagementPackResources.ReadManagementPack(resourceBytes, fileName);
        }
        throw notAPack($"the assembly has no {ManagementPackResources.ResourceName} (an ordinary .NET assembly?)");
    }

    private static (string? Company, string? Product, string? Copyright) ReadAttributes(MetadataReader metadata, AssemblyDefinition assembly)
    {
        string? company = null, product = null, copyright = null;
        foreach (var handle in assembly.GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var ctor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (ctor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = metadata.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            var name = metadata.GetString(type.Name);
            if (name is not ("AssemblyCompanyAttribute" or "AssemblyProductAttribute" or "AssemblyCopyrightAttribute")) continue;
            var value = metadata.GetBlobReader(attribute.Value);
            if (value.Length < 3 || value.ReadUInt16() != 1) continue;
            var text = value.ReadSerializedString();
            switch (name)
            {
                case "AssemblyCompanyAttribute": company = text; break;
                case "AssemblyProductAttribute": product = text; break;
                default: copyright = text; break;
            }
        }
        return (company, product, copyright);
    }
}
