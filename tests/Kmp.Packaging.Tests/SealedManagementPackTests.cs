using System.IO.Compression;
using System.Text;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Packaging.Tests;

/// <summary>The reader on files that are not sealed packs, or are damaged ones: always a one-line KmpException.</summary>
public class SealedManagementPackTests
{
    private static readonly ManagementPackIdentity Identity = new("KasperskyLab.Test.Library", new Version(1, 2, 3, 4), null);

    [Theory]
    [InlineData(new byte[0], "bad.mp: not a sealed management pack: the file is empty")]
    [InlineData(new byte[] { 0x48, 0x65, 0x6C, 0x6C, 0x6F }, "bad.mp: not a sealed management pack: not a .NET assembly (no MZ header)")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 }, "bad.mp: not a sealed management pack: this is a Windows Installer file (an .mpb bundle?), not a sealed .mp")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0 }, "bad.mp: not a sealed management pack: this is a gzip file, not a sealed .mp")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0, 0 }, "bad.mp: not a sealed management pack: not a .NET assembly (no MZ header)")]
    public void Files_of_other_kinds_are_refused_with_what_they_are(byte[] bytes, string message)
    {
        var act = () => SealedManagementPack.Read(bytes, "bad.mp");

        act.Should().Throw<KmpException>().WithMessage(message);
    }

    [Fact]
    public void Unsealed_xml_is_refused_with_a_hint()
    {
        var act = () => SealedManagementPack.Read(Encoding.UTF8.GetBytes("\uFEFF" + TestData.SampleXml()), "pack.mp");

        act.Should().Throw<KmpException>().WithMessage("pack.mp: not a sealed management pack: this is XML (an unsealed management pack?); seal it with 'kmp seal'");
    }

    [Fact]
    public void An_ordinary_dotnet_assembly_is_refused()
    {
        var path = typeof(SealedManagementPack).Assembly.Location;

        var act = () => SealedManagementPack.Open(path);

        act.Should().Throw<KmpException>().WithMessage($"{path}: not a sealed management pack: the assembly has no MPResources.resources (an ordinary .NET assembly?)");
    }

    [Fact]
    public void Every_truncation_of_a_sealed_pack_is_refused_cleanly()
    {
        var image = ManagementPackSealer.Seal(TestData.SampleXml(rules: 30), TestData.Key);

        for (var length = 0; length < image.Length; length += 61)
        {
            var act = () => SealedManagementPack.Read(image[..length], "cut.mp");
            act.Should().Throw<KmpException>($"a file cut at {length} of {image.Length} bytes is not a pack")
                .Which.Message.Should().StartWith("cut.mp: ").And.NotContain("\n");
        }
        var last = () => SealedManagementPack.Read(image[..^1], "cut.mp");
        last.Should().Throw<KmpException>().WithMessage("cut.mp: not a sealed management pack: the file is truncated (section .reloc ends at *");
    }

    [Fact]
    public void Damaged_bytes_give_an_error_or_an_invalid_signature_never_a_crash()
    {
        var image = ManagementPackSealer.Seal(TestData.SampleXml(rules: 30), TestData.Key);
        var random = new Random(20260101);
        using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image));
        var headers = pe.PEHeaders;
        var sectionTableEnd = headers.CoffHeaderStartOffset + 20 + headers.CoffHeader.SizeOfOptionalHeader + 40 * headers.CoffHeader.NumberOfSections;
        var firstSection = headers.SectionHeaders.Min(h => h.PointerToRawData);
        bool NotHashed(int offset) =>
            (offset >= sectionTableEnd && offset < firstSection)                                                  // header padding
            || (offset >= headers.PEHeaderStartOffset + 64 && offset < headers.PEHeaderStartOffset + 68)          // CheckSum
            || (offset >= headers.PEHeaderStartOffset + 128 && offset < headers.PEHeaderStartOffset + 136);       // certificate table

        for (var i = 0; i < 400; i++)
        {
            var damaged = (byte[])image.Clone();
            var offset = random.Next(damaged.Length);
            damaged[offset] = (byte)random.Next(256);
            if (damaged[offset] == image[offset] || NotHashed(offset)) continue;
            try
            {
                SealedManagementPack.Read(damaged, "damaged.mp").SignatureStatus.Should().NotBe(SignatureStatus.Valid, $"byte 0x{offset:x} changed");
            }
            catch (KmpException)
            {
                // refused with a message: fine
            }
        }
    }

    [Fact]
    public void Damaged_metadata_stream_header_is_refused()
    {
        var image = ManagementPackSealer.Seal(TestData.SampleXml(), TestData.Key);
        using (var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image)))
        {
            pe.PEHeaders.TryGetDirectoryOffset(pe.PEHeaders.CorHeader!.MetadataDirectory, out var root).Should().BeTrue();
            var versionLength = BitConverter.ToInt32(image, root + 12);
            image[root + 16 + versionLength + 3] = 0xD9; // high byte of the stream count: SRM overflows (found by fuzzing)
        }

        var act = () => SealedManagementPack.Read(image, "bad.mp");

        act.Should().Throw<KmpException>().WithMessage("bad.mp: not a sealed management pack: damaged metadata (*)");
    }

    [Fact]
    public void Resource_without_the_ManagementPack_entry_is_refused()
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Resources.ResourceWriter(stream)) writer.AddResource("SomethingElse", new byte[] { 1, 2, 3 });

        var act = () => Read(stream.ToArray());

        act.Should().Throw<KmpException>().WithMessage("bad.mp: MPResources.resources: no 'ManagementPack' entry");
    }

    [Fact]
    public void ManagementPack_entry_of_another_type_is_refused()
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Resources.ResourceWriter(stream)) writer.AddResource("ManagementPack", "a string, not bytes");

        var act = () => Read(stream.ToArray());

        act.Should().Throw<KmpException>().WithMessage("bad.mp: MPResources.resources: entry 'ManagementPack' is not a byte array (type code 0x1)");
    }

    [Fact]
    public void Resource_that_is_not_a_resources_file_is_refused()
    {
        var act = () => Read("not a resources file at all"u8.ToArray());

        act.Should().Throw<KmpException>().WithMessage("bad.mp: MPResources.resources: not a .resources file (bad magic number)");
    }

    [Fact]
    public void Truncated_resource_is_refused()
    {
        var resources = Resources(Gzip(Encoding.Unicode.GetBytes(TestData.SampleXml())));

        var act = () => Read(resources[..100]);

        act.Should().Throw<KmpException>().WithMessage("bad.mp: MPResources.resources: truncated");
    }

    [Fact]
    public void Payload_that_is_not_gzip_is_refused()
    {
        var act = () => Read(Resources(Encoding.Unicode.GetBytes(TestData.SampleXml())));

        act.Should().Throw<KmpException>().WithMessage("bad.mp: the embedded management pack is not gzip data (no gzip header)");
    }

    [Fact]
    public void Damaged_gzip_is_refused()
    {
        var gzip = Gzip(Encoding.Unicode.GetBytes(TestData.SampleXml(rules: 40)));
        for (var i = 12; i < 40; i++) gzip[i] ^= 0xFF;

        var act = () => Read(Resources(gzip));

        act.Should().Throw<KmpException>().WithMessage("bad.mp: the embedded management pack is damaged gzip data:*");
    }

    [Fact]
    public void Payload_that_is_not_UTF16_is_refused()
    {
        var oddLength = Encoding.Unicode.GetBytes(TestData.SampleXml()).Append((byte)'x').ToArray();
        var loneSurrogate = Encoding.Unicode.GetBytes("<ManagementPack>").Concat(new byte[] { 0x00, 0xD8, 0x41, 0x00 }).ToArray();

        var act1 = () => Read(Resources(Gzip(oddLength)));
        var act2 = () => Read(Resources(Gzip(loneSurrogate)));

        act1.Should().Throw<KmpException>().WithMessage("bad.mp: the embedded management pack is not UTF-16 text (odd length *)");
        act2.Should().Throw<KmpException>().WithMessage("bad.mp: the embedded management pack is not valid UTF-16 text (bad code unit at byte *)");
    }

    [Fact]
    public void Utf8_payload_is_refused_as_not_UTF16()
    {
        var act = () => Read(Resources(Gzip(Encoding.UTF8.GetBytes(TestData.SampleXml() + " "))));

        act.Should().Throw<KmpException>().WithMessage("bad.mp*"); // odd or invalid UTF-16, or not a management pack
    }

    [Fact]
    public void Payload_with_a_byte_order_mark_is_read_as_the_SDK_reads_it()
    {
        var xml = TestData.SampleXml();
        var withBom = new UnicodeEncoding(false, true).GetPreamble().Concat(Encoding.Unicode.GetBytes(xml)).ToArray();

        Read(Resources(Gzip(withBom))).Xml.Should().Be(xml);
    }

    [Fact]
    public void Embedded_xml_that_is_not_a_management_pack_is_refused()
    {
        var act = () => Read(Resources(Gzip(Encoding.Unicode.GetBytes("<Other />"))));

        act.Should().Throw<KmpException>().WithMessage("bad.mp (embedded XML):1:2: root element is <Other>, not <ManagementPack>");
    }

    [Fact]
    public void A_dtd_in_the_embedded_xml_is_refused_naming_its_place_in_it()
    {
        var act = () => Read(Resources(Gzip(Encoding.Unicode.GetBytes("<?xml version=\"1.0\"?>\r\n<!DOCTYPE ManagementPack [<!ENTITY e \"x\">]>\r\n<ManagementPack>&e;</ManagementPack>"))));

        act.Should().Throw<KmpException>().Which.Message.Should().Be("bad.mp (embedded XML):2:1: a DTD (<!DOCTYPE …>): kmp reads no DTD or entity declarations, and a management pack has none");
    }

    [Fact]
    public void Gzip_bomb_is_refused_and_memory_stays_bounded()
    {
        var bomb = Gzip(new byte[64 * 1024 * 1024], CompressionLevel.SmallestSize); // 64 MiB of zeros in about 64 KB
        bomb.Length.Should().BeLessThan(1024 * 1024);
        var image = ManagementPackSealer.BuildImage(Identity, TestData.Key, SealOptions.Default, Resources(bomb), null);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var act = () => SealedManagementPack.Read(image, "bomb.mp", maxXmlBytes: 1024 * 1024);
        act.Should().Throw<KmpException>().WithMessage("bomb.mp: the embedded management pack decompresses to more than 1 MiB; refused (a gzip bomb, or not a management pack)");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(8L * 1024 * 1024, "decompression stops at the cap instead of inflating 64 MiB");
    }

    [Fact]
    public void Default_cap_refuses_a_bomb_larger_than_any_real_pack()
    {
        var size = ManagementPackPayload.DefaultMaxXmlBytes + 4096;
        byte[] bomb;
        using (var output = new MemoryStream())
        {
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                var zeros = new byte[1024 * 1024];
                for (long written = 0; written < size; written += zeros.Length) gzip.Write(zeros);
            }
            bomb = output.ToArray();
        }
        var image = ManagementPackSealer.BuildImage(Identity, TestData.Key, SealOptions.Default, Resources(bomb), null);

        var act = () => SealedManagementPack.Read(image, "bomb.mp");

        act.Should().Throw<KmpException>().WithMessage("bomb.mp: the embedded management pack decompresses to more than 128 MiB; refused*");
    }

    [Fact]
    public void Opening_a_missing_file_is_a_one_line_error()
    {
        using var temp = new TempDirectory();
        var path = temp.File("none.mp");

        var act = () => SealedManagementPack.Open(path);

        act.Should().Throw<KmpException>().WithMessage($"{path}: file not found");
    }

    [Fact]
    public void Assembly_that_differs_from_its_manifest_is_read_with_remarks()
    {
        var resources = Resources(Gzip(Encoding.Unicode.GetBytes(TestData.SampleXml())));
        var image = ManagementPackSealer.BuildImage(new ManagementPackIdentity("Other.Name", new Version(9, 9, 9, 9), null), TestData.Key, SealOptions.Default, resources, null);

        var pack = SealedManagementPack.Read(image);

        pack.Identity.Id.Should().Be("KasperskyLab.Test.Library");
        pack.SignatureStatus.Should().Be(SignatureStatus.Valid);
        pack.Remarks.Should().Equal(
            "assembly name 'Other.Name' differs from the MP ID 'KasperskyLab.Test.Library'",
            "assembly version 9.9.9.9 differs from the MP version 1.2.3.4");
    }

    private static SealedManagementPack Read(byte[] resourcesFile) =>
        SealedManagementPack.Read(ManagementPackSealer.BuildImage(Identity, TestData.Key, SealOptions.Default, resourcesFile, null), "bad.mp");

    private static byte[] Resources(byte[] payload)
    {
        var file = new byte[ManagementPackResources.HeaderSize + payload.Length];
        ManagementPackResources.WriteHeader(file, payload.Length);
        payload.CopyTo(file, ManagementPackResources.HeaderSize);
        return file;
    }

    private static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    [Fact]
    public void A_damaged_section_name_is_quoted_on_one_line()
    {
        // found by the property suite: a section name with a line break in a truncated file gave a two-line error
        var bytes = ManagementPackSealer.Seal(TestData.SampleXml(), TestData.Key);
        var text = bytes.AsSpan().IndexOf(".text\0"u8);
        text.Should().BePositive();
        bytes[text] = (byte)'\n';
        var act = () => SealedManagementPack.Read(bytes[..(bytes.Length / 2)], "p.mp");
        act.Should().Throw<KmpException>().Which.Message.Should().StartWith("p.mp: not a sealed management pack: the file is truncated (section ?text ends").And.NotContain("\n");
    }
}
