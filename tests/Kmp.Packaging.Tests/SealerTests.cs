using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Resources;
using Kmp.ManagementPacks;

namespace Kmp.Packaging.Tests;

public class SealerTests
{
    private static readonly SealOptions Options = new() { Company = "Kaspersky Lab", Copyright = "© Kaspersky Lab" };

    [Fact]
    public void Sealed_pack_reads_back_to_the_exact_xml_with_a_valid_signature()
    {
        var xml = TestData.SampleXml();
        var image = ManagementPackSealer.Seal(xml, TestData.Key, Options);

        var pack = SealedManagementPack.Read(image, "KasperskyLab.Test.Library.mp");

        pack.Xml.Should().Be(xml);
        pack.Identity.Should().Be(new ManagementPackIdentity("KasperskyLab.Test.Library", new Version(1, 2, 3, 4), "Kaspersky Lab Test Library — «ünïcödé» 𝄞"));
        pack.SignatureStatus.Should().Be(SignatureStatus.Valid);
        pack.PublicKeyToken.Should().Be(TestData.Key.PublicKeyToken);
        pack.PublicKey.Should().Equal(TestData.Key.PublicKey.ToArray());
        pack.AssemblyName.Should().Be("KasperskyLab.Test.Library");
        pack.AssemblyVersion.Should().Be(new Version(1, 2, 3, 4));
        pack.Company.Should().Be("Kaspersky Lab");
        pack.Copyright.Should().Be("© Kaspersky Lab");
        pack.Product.Should().Be("KasperskyLab.Test.Library", "like the SDK writer, Product defaults to the MP ID");
        pack.MetadataVersion.Should().Be("v2.0.50727");
        pack.MscorlibVersion.Should().Be(new Version(2, 0, 0, 0));
        pack.Remarks.Should().BeEmpty();
    }

    [Fact]
    public void Assembly_has_the_shape_of_the_real_files()
    {
        var image = ManagementPackSealer.Seal(TestData.SampleXml(version: "2013.02.15.1700"), TestData.Key, Options with { Product = "Kaspersky Lab Test Library" });

        using var pe = new PEReader(new MemoryStream(image));
        var headers = pe.PEHeaders;
        headers.CoffHeader.Machine.Should().Be(Machine.I386);
        headers.CoffHeader.Characteristics.Should().Be(Characteristics.ExecutableImage | Characteristics.Dll | Characteristics.Bit32Machine);
        headers.PEHeader!.Magic.Should().Be(PEMagic.PE32);
        headers.CorHeader!.Flags.Should().Be(CorFlags.ILOnly | CorFlags.StrongNameSigned);
        headers.CorHeader.StrongNameSignatureDirectory.Size.Should().Be(128);
        headers.CorHeader.EntryPointTokenOrRelativeVirtualAddress.Should().Be(0);

        var md = pe.GetMetadataReader();
        md.MetadataVersion.Should().Be("v2.0.50727");
        md.GetString(md.GetModuleDefinition().Name).Should().Be("KasperskyLab.Test.Library.mp");
        var assembly = md.GetAssemblyDefinition();
        md.GetString(assembly.Name).Should().Be("KasperskyLab.Test.Library");
        assembly.Version.Should().Be(new Version(2013, 2, 15, 1700));
        assembly.Flags.Should().Be(AssemblyFlags.PublicKey);
        assembly.HashAlgorithm.Should().Be(AssemblyHashAlgorithm.Sha1);
        md.GetString(assembly.Culture).Should().BeEmpty();
        var mscorlib = md.GetAssemblyReference(md.AssemblyReferences.Single());
        md.GetString(mscorlib.Name).Should().Be("mscorlib");
        mscorlib.Version.Should().Be(new Version(2, 0, 0, 0));
        Convert.ToHexStringLower(md.GetBlobBytes(mscorlib.PublicKeyOrToken)).Should().Be("b77a5c561934e089");
        md.TypeDefinitions.Count.Should().Be(1);
        md.MethodDefinitions.Count.Should().Be(0);
        var resource = md.GetManifestResource(md.ManifestResources.Single());
        md.GetString(resource.Name).Should().Be("MPResources.resources");
        resource.Attributes.Should().Be(ManifestResourceAttributes.Public);
        resource.Implementation.IsNil.Should().BeTrue();
        resource.Offset.Should().Be(0);

        var pack = SealedManagementPack.Read(image);
        pack.Product.Should().Be("Kaspersky Lab Test Library");
    }

    [Fact]
    public void Resource_is_a_standard_resources_file_that_the_BCL_reads()
    {
        var xml = TestData.SampleXml();
        var image = ManagementPackSealer.Seal(xml, TestData.Key, Options);
        var resourceBytes = ResourceBlob(image);

        // Byte for byte what System.Resources.ResourceWriter writes, but naming mscorlib 2.0.0.0 like the real files.
        var gzip = ManagementPackPayload.Compress(xml);
        using var written = new MemoryStream();
        using (var writer = new ResourceWriter(written)) writer.AddResource("ManagementPack", gzip);
        var expected = written.ToArray();
        var version4 = "Version=4.0.0.0"u8.ToArray();
        var at = expected.AsSpan().IndexOf(version4);
        "Version=2.0.0.0"u8.CopyTo(expected.AsSpan(at));
        resourceBytes.Should().Equal(expected);

        using var reader = new ResourceReader(new MemoryStream(resourceBytes));
        reader.GetResourceData("ManagementPack", out var type, out var data);
        type.Should().Be("ResourceTypeCode.ByteArray");
        data.AsSpan(4).ToArray().Should().Equal(gzip);
        gzip[..4].Should().Equal(0x1F, 0x8B, 0x08, 0x00);
    }

    [Fact]
    public void Sealing_twice_gives_identical_files_and_other_options_change_them()
    {
        var xml = TestData.SampleXml();
        var first = ManagementPackSealer.Seal(xml, TestData.Key, Options);
        var second = ManagementPackSealer.Seal(xml, StrongNameKey.FromBytes(TestData.Key.ToSnkBytes()), Options with { });

        second.Should().Equal(first);
        ManagementPackSealer.Seal(xml, TestData.Key, Options with { Company = "Other" }).Should().NotEqual(first);
        ManagementPackSealer.Seal(TestData.SampleXml(rules: 4), TestData.Key, Options).Should().NotEqual(first);
        MvidOf(ManagementPackSealer.Seal(TestData.SampleXml(rules: 4), TestData.Key, Options)).Should().NotBe(MvidOf(first));
    }

    [Fact]
    public void Declaration_and_byte_order_mark_are_not_stored()
    {
        var xml = TestData.SampleXml();
        var withDeclaration = "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n" + xml;

        var pack = SealedManagementPack.Read(ManagementPackSealer.Seal(withDeclaration, TestData.Key, Options));

        pack.Xml.Should().Be(xml);
    }

    [Fact]
    public void Public_key_only_delay_signs_and_signing_later_makes_it_valid()
    {
        var xml = TestData.SampleXml();
        var delaySigned = ManagementPackSealer.Seal(xml, TestData.Key.PublicOnly(), Options);

        var pack = SealedManagementPack.Read(delaySigned);
        pack.SignatureStatus.Should().Be(SignatureStatus.DelaySigned);
        pack.PublicKeyToken.Should().Be(TestData.Key.PublicKeyToken);

        StrongNameSignature.Sign(delaySigned, TestData.Key);
        SealedManagementPack.Read(delaySigned).SignatureStatus.Should().Be(SignatureStatus.Valid);
        delaySigned.Should().Equal(ManagementPackSealer.Seal(xml, TestData.Key, Options), "signing later gives the same file as signing at once");
    }

    [Fact]
    public void Signing_a_pack_with_a_key_it_was_not_sealed_for_is_refused_for_another_size()
    {
        var image = ManagementPackSealer.Seal(TestData.SampleXml(), TestData.Key, Options);

        var act = () => StrongNameSignature.Sign(image, StrongNameKey.Generate(2048), "x.mp");

        act.Should().Throw<KmpException>().WithMessage("x.mp: the assembly's signature slot is 128 bytes, the key signs 256");
    }

    [Fact]
    public void Changing_any_one_byte_of_a_sealed_pack_is_detected()
    {
        var image = ManagementPackSealer.Seal(TestData.SampleXml(rules: 50), TestData.Key, Options);
        var (slot, _) = StrongNameSignatureTests.SignatureSlot(image);
        using var pe = new PEReader(new MemoryStream(image));
        var optional = pe.PEHeaders.PEHeaderStartOffset;
        var excluded = new HashSet<int>();
        for (var i = 0; i < 4; i++) excluded.Add(optional + 64 + i);
        for (var i = 0; i < 8; i++) excluded.Add(optional + 128 + i);
        var headersEnd = pe.PEHeaders.SectionHeaders.Min(s => s.PointerToRawData);
        var sectionTableEnd = pe.PEHeaders.CoffHeaderStartOffset + 20 + pe.PEHeaders.CoffHeader.SizeOfOptionalHeader + 40 * pe.PEHeaders.CoffHeader.NumberOfSections;
        for (var i = sectionTableEnd; i < headersEnd; i++) excluded.Add(i); // header padding is not hashed (§6)
        var key = TestData.Key.PublicOnly();

        for (var offset = 0; offset < image.Length; offset += 7)
        {
            if (excluded.Contains(offset)) continue;
            SignatureStatus status;
            try
            {
                status = StrongNameSignature.Verify(TestData.WithByteFlipped(image, offset), key);
            }
            catch (KmpException)
            {
                continue; // the change broke the PE structure itself: refused outright, which also counts as detected
            }
            status.Should().Be(SignatureStatus.Invalid, $"byte 0x{offset:x} (signature at 0x{slot:x}) is covered");
        }
    }

    [Fact]
    public void Text_that_is_not_a_management_pack_is_refused_with_its_place()
    {
        var act1 = () => ManagementPackSealer.Seal("<Other/>", TestData.Key, Options, "in.xml");
        act1.Should().Throw<KmpException>().WithMessage("in.xml:1:2: root element is <Other>, not <ManagementPack>");

        var broken = TestData.SampleXml().Replace("</Rules>", "</Rulez>");
        var act2 = () => ManagementPackSealer.Seal(broken, TestData.Key, Options, "in.xml");
        act2.Should().Throw<KmpException>().WithMessage("in.xml:*: not well-formed XML:*");

        var dtd = "<!DOCTYPE ManagementPack [<!ENTITY x \"y\">]>" + TestData.SampleXml();
        var act3 = () => ManagementPackSealer.Seal(dtd, TestData.Key, Options, "in.xml");
        act3.Should().Throw<KmpException>().Which.Message.Should().Be("in.xml:1:1: a DTD (<!DOCTYPE …>): kmp reads no DTD or entity declarations, and a management pack has none");
    }

    /// <summary>
    /// Sealing the document a text was read into (kmp build: one parse for verification and sealing) gives
    /// the bytes of sealing the text itself, which reads it whole again: for packs of every kind, and
    /// the same refusal for a version a sealed pack cannot have.
    /// </summary>
    [Fact]
    public void Sealing_a_read_document_gives_the_bytes_of_sealing_its_text()
    {
        var texts = new List<(string Name, string Xml)>
        {
            ("sample", TestData.SampleXml(rules: 20)),
            ("with a declaration", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + TestData.SampleXml()),
        };
        if (Kmp.Testing.Corpus.Directory is not null)
            texts.AddRange(Kmp.Testing.Corpus.Files(".mp").Take(10).Select(f => (f, SealedManagementPack.Open(f).Xml)));
        foreach (var (name, xml) in texts)
        {
            var document = Kmp.ManagementPacks.Xml.ManagementPackDocument.Parse(xml, name);
            document.Text.Should().BeSameAs(xml);
            ManagementPackSealer.Seal(document, TestData.Key, Options).Should().Equal(ManagementPackSealer.Seal(xml, TestData.Key, Options, name), name);
            ManagementPackSealer.Seal(document, TestData.Key.PublicOnly()).Should().Equal(ManagementPackSealer.Seal(xml, TestData.Key.PublicOnly(), null, name), name + " (delay-signed)");
        }

        var tooHigh = Kmp.ManagementPacks.Xml.ManagementPackDocument.Parse(TestData.SampleXml(version: "1.0.0.65535"), "in.xml");
        var fromDocument = () => ManagementPackSealer.Seal(tooHigh, TestData.Key, Options);
        var fromText = () => ManagementPackSealer.Seal(tooHigh.Text!, TestData.Key, Options, "in.xml");
        fromDocument.Should().Throw<KmpException>().WithMessage(fromText.Should().Throw<KmpException>().Which.Message);

        var fromBytes = Kmp.ManagementPacks.Xml.ManagementPackDocument.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestData.SampleXml())), "in.xml");
        var noText = () => ManagementPackSealer.Seal(fromBytes, TestData.Key, Options);
        noText.Should().Throw<ArgumentException>("a document read from bytes keeps no text to seal");
    }

    [Fact]
    public void Seal_file_writes_ID_dot_mp_into_the_output_folder()
    {
        using var temp = new Kmp.Testing.TempDirectory();
        var source = temp.File("source.xml");
        File.WriteAllText(source, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + TestData.SampleXml());
        var outDir = Path.Combine(temp.Path, "out");

        var sealedFile = ManagementPackSealer.SealFile(source, TestData.Key, Options, outDir);

        sealedFile.Path.Should().Be(Path.Combine(outDir, "KasperskyLab.Test.Library.mp"));
        sealedFile.PublicKeyToken.Should().Be(TestData.Key.PublicKeyToken);
        sealedFile.DelaySigned.Should().BeFalse();
        var pack = SealedManagementPack.Open(sealedFile.Path);
        pack.Xml.Should().Be(TestData.SampleXml());
        Directory.GetFiles(outDir).Should().HaveCount(1, "no temporary file is left behind");
    }

    [SkippableFact]
    public void Resealing_a_corpus_pack_keeps_its_xml_and_token()
    {
        var demo = SealedManagementPack.Open(TestData.DemoPackPath);
        var key = StrongNameKey.Load(TestData.CorpusKeyPath);

        var image = ManagementPackSealer.Seal(demo.Xml, key, new SealOptions { Company = demo.Company ?? "", Copyright = demo.Copyright ?? "", Product = demo.Product });
        var resealed = SealedManagementPack.Read(image);

        resealed.Xml.Should().Be(demo.Xml);
        resealed.PublicKeyToken.Should().Be(demo.PublicKeyToken).And.Be(TestData.CorpusKeyToken);
        resealed.SignatureStatus.Should().Be(SignatureStatus.Valid);
        resealed.Identity.Should().Be(demo.Identity);
        resealed.Company.Should().Be(demo.Company);
    }

    internal static byte[] ResourceBlob(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
        var data = pe.GetSectionData(directory.RelativeVirtualAddress);
        var reader = data.GetReader();
        var length = reader.ReadInt32();
        return reader.ReadBytes(length);
    }

    private static Guid MvidOf(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var md = pe.GetMetadataReader();
        return md.GetGuid(md.GetModuleDefinition().Mvid);
    }
}

public class ElementCountsTests
{
    [Fact]
    public void Counts_definitions_by_kind()
    {
        var counts = ElementCounts.Count(TestData.SampleXml(rules: 5)).ToDictionary(p => p.Key, p => p.Value);

        counts["references"].Should().Be(1);
        counts["classes"].Should().Be(1);
        counts["rules"].Should().Be(5);
        counts["monitors"].Should().Be(0);
        counts.Keys.Should().Contain(["discoveries", "views", "folders", "knowledge articles", "display strings"]);
    }

    [SkippableFact]
    public void Counts_of_a_corpus_pack_match_its_manifest_row()
    {
        // MANIFEST.md: System.Health.Library (7.x) refs=1 classes=0 modtypes=10 monitors=5 KB=5.
        var pack = SealedManagementPack.Open(Kmp.Testing.Corpus.File("microsoft", "7.x", "System.Health.Library.mp"));

        var counts = ElementCounts.Count(pack.Xml).ToDictionary(p => p.Key, p => p.Value);

        counts["references"].Should().Be(1);
        counts["classes"].Should().Be(0);
        counts["module types"].Should().Be(10);
        counts["monitors"].Should().Be(5);
        counts["knowledge articles"].Should().Be(5);
    }
}
