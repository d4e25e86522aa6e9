using System.Buffers.Binary;
using Kmp.ManagementPacks;

namespace Kmp.Packaging;

/// <summary>
/// The parts of a PE image that strong naming and the sealed-pack reader need: where the headers end,
/// the CheckSum and Certificate Table fields, the sections' raw data, and the CLI header's directories.
/// Every offset is checked against the file length, so a truncated or damaged file fails here with a
/// message that says what is missing.
/// </summary>
internal sealed class PeLayout
{
    internal readonly record struct Section(string Name, int VirtualAddress, int VirtualSize, int PointerToRawData, int SizeOfRawData);

    internal readonly record struct Directory(int RelativeVirtualAddress, int Size);

    private PeLayout() { }

    /// <summary>Offset just past the section table: the end of the hashed header bytes.</summary>
    public int HeadersEnd { get; private init; }

    /// <summary>File offset of the optional header's CheckSum (4 bytes).</summary>
    public int CheckSumOffset { get; private init; }

    /// <summary>File offset of the Certificate Table data directory entry (8 bytes).</summary>
    public int CertificateDirectoryOffset { get; private init; }

    public IReadOnlyList<Section> Sections { get; private init; } = [];

    /// <summary>File offset of the CLI header's Flags field.</summary>
    public int CorFlagsOffset { get; private init; }

    public uint CorFlags { get; private init; }

    public Directory Metadata { get; private init; }

    public Directory Resources { get; private init; }

    public Directory StrongNameSignature { get; private init; }

    /// <summary>File offset of the strong-name signature slot, or -1 when the image has none.</summary>
    public int StrongNameSignatureOffset { get; private init; }

    public const uint CorFlagsStrongNameSigned = 0x8;

    /// <exception cref="KmpException">Not a PE file, not a .NET assembly, or truncated.</exception>
    public static PeLayout Read(ReadOnlySpan<byte> image, string? fileName)
    {
        var where = SourceLocation.Format(fileName);
        KmpException Bad(string message) => new(where + "not a sealed management pack: " + MessageText.OneLine(message));

        if (image.Length < 0x40 || image[0] != (byte)'M' || image[1] != (byte)'Z')
            throw Bad("not a .NET assembly (no MZ header)");
        var peOffset = BinaryPrimitives.ReadInt32LittleEndian(image[0x3C..]);
        if (peOffset < 0x40 || peOffset > image.Length - 24)
            throw Bad("the file is truncated or damaged (PE header outside the file)");
        if (BinaryPrimitives.ReadUInt32LittleEndian(image[peOffset..]) != 0x00004550)
            throw Bad("no PE signature (an MS-DOS program, or a damaged file)");
        var coff = peOffset + 4;
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(image[(coff + 2)..]);
        int optionalHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(image[(coff + 16)..]);
        var optional = coff + 20;
        var sectionTable = optional + optionalHeaderSize;
        var headersEnd = sectionTable + 40 * sectionCount;
        if (optionalHeaderSize < 96 || headersEnd > image.Length)
            throw Bad("the file is truncated (headers end past the end of the file)");
        var magic = BinaryPrimitives.ReadUInt16LittleEndian(image[optional..]);
        if (magic is not (0x10B or 0x20B)) throw Bad($"unknown optional header magic 0x{magic:x}");
        var directories = optional + (magic == 0x10B ? 96 : 112);
        var directoryCount = BinaryPrimitives.ReadInt32LittleEndian(image[(directories - 4)..]);
        if (directoryCount < 15 || directories + 15 * 8 > sectionTable)
            throw Bad("no CLI header: this is a native PE file, not a .NET assembly");

        var sections = new Section[sectionCount];
        for (var i = 0; i < sectionCount; i++)
        {
            var s = image.Slice(sectionTable + 40 * i, 40);
            var name = string.Concat(System.Text.Encoding.ASCII.GetString(s[..8]).TrimEnd('\0').Select(c => c is >= ' ' and < '\x7f' ? c : '?')); // printable in messages
            var section = new Section(name,
                BinaryPrimitives.ReadInt32LittleEndian(s[12..]), BinaryPrimitives.ReadInt32LittleEndian(s[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(s[20..]), BinaryPrimitives.ReadInt32LittleEndian(s[16..]));
            if (section.PointerToRawData < 0 || section.SizeOfRawData < 0 || (long)section.PointerToRawData + section.SizeOfRawData > image.Length)
                throw Bad($"the file is truncated (section {name} ends at {(long)section.PointerToRawData + section.SizeOfRawData}, the file has {image.Length} bytes)");
            sections[i] = section;
        }

        var cliDirectory = ReadDirectory(image, directories + 14 * 8);
        if (cliDirectory.RelativeVirtualAddress == 0 || cliDirectory.Size < 72)
            throw Bad("no CLI header: this is a native PE file, not a .NET assembly");
        var cli = ToOffset(sections, cliDirectory.RelativeVirtualAddress, 72)
                  ?? throw Bad("the file is truncated or damaged (CLI header outside every section)");
        var snDirectory = ReadDirectory(image, cli + 32);
        var snOffset = -1;
        if (snDirectory.Size > 0)
        {
            snOffset = ToOffset(sections, snDirectory.RelativeVirtualAddress, snDirectory.Size)
                       ?? throw Bad("the file is truncated or damaged (strong-name signature outside every section)");
        }
        return new PeLayout
        {
            HeadersEnd = headersEnd,
            CheckSumOffset = optional + 64,
            CertificateDirectoryOffset = directories + 4 * 8,
            Sections = sections,
            CorFlagsOffset = cli + 16,
            CorFlags = BinaryPrimitives.ReadUInt32LittleEndian(image[(cli + 16)..]),
            Metadata = ReadDirectory(image, cli + 8),
            Resources = ReadDirectory(image, cli + 24),
            StrongNameSignature = snDirectory,
            StrongNameSignatureOffset = snOffset,
        };
    }

    /// <summary>The file offset of <paramref name="size"/> bytes at an RVA, when they lie in one section's raw data.</summary>
    public int? ToOffset(int rva, int size) => ToOffset(Sections, rva, size);

    private static int? ToOffset(IReadOnlyList<Section> sections, int rva, int size)
    {
        foreach (var s in sections)
        {
            long start = (long)rva - s.VirtualAddress;
            if (start < 0 || start + size > s.SizeOfRawData || start + size > Math.Max(s.VirtualSize, s.SizeOfRawData)) continue;
            return (int)(s.PointerToRawData + start);
        }
        return null;
    }

    private static Directory ReadDirectory(ReadOnlySpan<byte> image, int offset) =>
        new(BinaryPrimitives.ReadInt32LittleEndian(image[offset..]), BinaryPrimitives.ReadInt32LittleEndian(image[(offset + 4)..]));
}
