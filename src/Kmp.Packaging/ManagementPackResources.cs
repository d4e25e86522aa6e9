using System.Buffers.Binary;
using System.Text;
using Kmp.ManagementPacks;

namespace Kmp.Packaging;

/// <summary>
/// The <c>MPResources.resources</c> file inside a sealed pack (sealed-mp-format.md §4): a .NET
/// <c>.resources</c> file, version 2, with one <c>byte[]</c> entry named <c>ManagementPack</c>. Written
/// byte for byte as the C# compiler lineage wrote it (reader type naming mscorlib 2.0.0.0), and read
/// strictly, so that a damaged resource gives a message saying what is wrong.
/// </summary>
internal static class ManagementPackResources
{
    public const string ResourceName = "MPResources.resources";
    public const string EntryName = "ManagementPack";

    private const uint Magic = 0xBEEFCACE;
    private const string ReaderType = "System.Resources.ResourceReader, mscorlib, Version=2.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089";
    private const string ResourceSetType = "System.Resources.RuntimeResourceSet";
    private const int TypeCodeByteArray = 0x20;

    /// <summary>Bytes of the .resources file before the payload.</summary>
    public static int HeaderSize => Header.Length;

    private static readonly byte[] Header = BuildHeader();

    /// <summary>Writes the .resources header for a payload of <paramref name="payloadLength"/> bytes; the payload follows it.</summary>
    public static void WriteHeader(Span<byte> destination, int payloadLength)
    {
        Header.CopyTo(destination);
        BinaryPrimitives.WriteInt32LittleEndian(destination[(Header.Length - 4)..], payloadLength);
    }

    private static byte[] BuildHeader()
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        // ResourceManager header: magic, version 1, size of the rest of it, reader and set type names.
        w.Write(Magic);
        w.Write(1);
        var typeNames = new MemoryStream();
        using (var t = new BinaryWriter(typeNames, Encoding.UTF8, leaveOpen: true))
        {
            t.Write(ReaderType);
            t.Write(ResourceSetType);
        }
        w.Write((int)typeNames.Length);
        w.Write(typeNames.ToArray());
        // RuntimeResourceSet header: version 2, one resource, no type names (byte[] is a primitive type code).
        w.Write(2);
        w.Write(1);
        w.Write(0);
        var padding = "PAD"u8;
        for (var i = 0; (stream.Position & 7) != 0; i++) w.Write(padding[i % 3]);
        w.Write(NameHash(EntryName));
        w.Write(0); // position of the name in the name section
        var nameBytes = Encoding.Unicode.GetBytes(EntryName);
        var dataSectionOffset = (int)stream.Position + 4 + 1 + nameBytes.Length + 4;
        w.Write(dataSectionOffset);
        w.Write7BitEncodedInt(nameBytes.Length);
        w.Write(nameBytes);
        w.Write(0); // offset of the value in the data section
        w.Write7BitEncodedInt(TypeCodeByteArray);
        w.Write(0); // the byte[] length, set by WriteHeader
        w.Flush();
        return stream.ToArray();
    }

    /// <summary>The hash .resources files use for names: djb2 with xor, over UTF-16 code units.</summary>
    internal static uint NameHash(string name)
    {
        var hash = 5381u;
        foreach (var c in name) hash = ((hash << 5) + hash) ^ c;
        return hash;
    }

    /// <summary>Finds the <c>ManagementPack</c> byte[] in a .resources file and returns where it is.</summary>
    /// <exception cref="KmpException">The resource is not a .resources file or has no such entry.</exception>
    public static ReadOnlyMemory<byte> ReadManagementPack(ReadOnlyMemory<byte> resources, string? fileName)
    {
        var where = SourceLocation.Format(fileName) + ResourceName + ": ";
        var c = new Cursor(resources.Span, where);
        KmpException Bad(string message) => new(where + MessageText.OneLine(message));

        if ((uint)c.Int32() != Magic) throw Bad("not a .resources file (bad magic number)");
        if (c.Int32() < 1) throw Bad("unsupported resource manager header version");
        c.Skip(c.Int32());
        var version = c.Int32();
        if (version != 2) throw Bad($"unsupported .resources version {version}");
        var count = c.Int32();
        if (count < 0 || count > 4096) throw Bad($"implausible number of resources ({count})");
        var typeCount = c.Int32();
        if (typeCount < 0 || typeCount > 4096) throw Bad($"implausible number of types ({typeCount})");
        for (var i = 0; i < typeCount; i++) c.Skip(c.Length7Bit());
        c.Skip((8 - (c.At & 7)) & 7); // "PAD" alignment
        c.Skip(4 * count);              // name hashes
        var namePositions = new int[count];
        for (var i = 0; i < count; i++) namePositions[i] = c.Int32();
        var dataSection = c.Int32();
        var nameSection = c.At;
        if (dataSection < nameSection || dataSection > c.Length) throw Bad("damaged (data section outside the resource)");

        foreach (var position in namePositions)
        {
            if (position < 0 || position > dataSection - nameSection) throw Bad("damaged (name outside the name section)");
            c.At = nameSection + position;
            var nameLength = c.Length7Bit();
            if (nameLength > dataSection - c.At - 4) throw Bad("damaged (name runs past the name section)");
            var isEntry = c.Bytes(nameLength).SequenceEqual(EntryNameUtf16);
            var dataOffset = c.Int32();
            if (!isEntry) continue;
            if (dataOffset < 0 || dataOffset > c.Length - dataSection) throw Bad("damaged (value outside the data section)");
            c.At = dataSection + dataOffset;
            var typeCode = c.Length7Bit();
            if (typeCode != TypeCodeByteArray)
                throw Bad($"entry '{EntryName}' is not a byte array (type code 0x{typeCode:x})");
            var length = c.Int32();
            if (length < 0 || length > c.Length - c.At)
                throw Bad($"entry '{EntryName}' claims {length} bytes, only {c.Length - c.At} are there (truncated)");
            return resources.Slice(c.At, length);
        }
        throw Bad($"no '{EntryName}' entry");
    }

    /// <summary>Reads little-endian values with bounds checks; running off the end is "truncated".</summary>
    private ref struct Cursor(ReadOnlySpan<byte> span, string where)
    {
        private readonly ReadOnlySpan<byte> _span = span;

        public int At;

        public readonly int Length => _span.Length;

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || count > _span.Length - At) throw new KmpException(where + "truncated");
            var result = _span.Slice(At, count);
            At += count;
            return result;
        }

        public void Skip(int count) => Bytes(count);

        public int Length7Bit()
        {
            int value = 0, shift = 0;
            while (true)
            {
                if (shift > 28) throw new KmpException(where + "damaged (bad length)");
                var b = Bytes(1)[0];
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value < 0 ? throw new KmpException(where + "damaged (bad length)") : value;
                shift += 7;
            }
        }
    }

    private static readonly byte[] EntryNameUtf16 = Encoding.Unicode.GetBytes(EntryName);
}
