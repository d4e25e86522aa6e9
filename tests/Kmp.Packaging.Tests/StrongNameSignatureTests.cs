using System.Buffers.Binary;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Kmp.Packaging.Tests;

public class StrongNameSignatureTests
{
    /// <summary>The bit-exact vector of sealed-mp-format.md §6.</summary>
    [SkippableFact]
    public void Re_signing_the_demo_pack_with_its_key_reproduces_its_128_signature_bytes_exactly()
    {
        var original = File.ReadAllBytes(TestData.DemoPackPath);
        var key = StrongNameKey.Load(TestData.CorpusKeyPath);
        var (offset, size) = SignatureSlot(original);
        size.Should().Be(128);
        var stored = original.AsSpan(offset, size).ToArray();

        var digest = StrongNameSignature.ComputeHash(original, HashAlgorithmName.SHA1);
        key.SignDigest(digest).Should().Equal(stored);

        var resigned = (byte[])original.Clone();
        resigned.AsSpan(offset, size).Clear();
        StrongNameSignature.Sign(resigned, key);
        resigned.Should().Equal(original, "the whole file comes back unchanged");
    }

    [SkippableFact]
    public void Demo_pack_verifies_and_any_change_to_a_hashed_byte_breaks_it()
    {
        var original = File.ReadAllBytes(TestData.DemoPackPath);
        var key = StrongNameKey.Load(TestData.CorpusKeyPath).PublicOnly();
        StrongNameSignature.Verify(original, key).Should().Be(SignatureStatus.Valid);

        using var pe = new PEReader(new MemoryStream(original));
        var headers = pe.PEHeaders;
        var (slot, _) = SignatureSlot(original);
        var text = headers.SectionHeaders[0];
        var last = headers.SectionHeaders[^1];
        var places = new Dictionary<string, int>
        {
            ["DOS stub"] = 0x50,
            ["COFF TimeDateStamp"] = headers.CoffHeaderStartOffset + 4,
            ["section table"] = headers.CoffHeaderStartOffset + 20 + headers.CoffHeader.SizeOfOptionalHeader + 1,
            ["start of .text"] = text.PointerToRawData,
            ["byte before the signature"] = slot - 1,
            ["byte after the signature"] = slot + 128,
            ["end of the embedded XML"] = text.PointerToRawData + text.SizeOfRawData - 700,
            ["last section"] = last.PointerToRawData + last.SizeOfRawData - 1,
            ["signature itself"] = slot + 5,
        };
        foreach (var (what, offset) in places)
            StrongNameSignature.Verify(TestData.WithByteFlipped(original, offset), key).Should().Be(SignatureStatus.Invalid, what);
    }

    [SkippableFact]
    public void Checksum_and_certificate_table_are_outside_the_hash()
    {
        var original = File.ReadAllBytes(TestData.DemoPackPath);
        var key = StrongNameKey.Load(TestData.CorpusKeyPath);
        using var pe = new PEReader(new MemoryStream(original));
        var optional = pe.PEHeaders.PEHeaderStartOffset;

        var changed = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(changed.AsSpan(optional + 64), 0xDEADBEEF);     // CheckSum
        BinaryPrimitives.WriteUInt64LittleEndian(changed.AsSpan(optional + 128), 0x1234_5678_9ABC); // certificate table entry

        StrongNameSignature.Verify(changed, key).Should().Be(SignatureStatus.Valid);
    }

    [SkippableFact]
    public void Zeroed_signature_slot_is_delay_signed_not_valid()
    {
        var bytes = File.ReadAllBytes(TestData.DemoPackPath);
        var (offset, size) = SignatureSlot(bytes);
        bytes.AsSpan(offset, size).Clear();

        StrongNameSignature.Verify(bytes, StrongNameKey.Load(TestData.CorpusKeyPath)).Should().Be(SignatureStatus.DelaySigned);
    }

    [SkippableFact]
    public void Signing_with_another_key_of_the_same_size_does_not_verify_with_the_pack_key()
    {
        var bytes = File.ReadAllBytes(TestData.DemoPackPath);
        StrongNameSignature.Sign(bytes, TestData.Key);

        StrongNameSignature.Verify(bytes, StrongNameKey.Load(TestData.CorpusKeyPath)).Should().Be(SignatureStatus.Invalid);
    }

    internal static (int Offset, int Size) SignatureSlot(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var directory = pe.PEHeaders.CorHeader!.StrongNameSignatureDirectory;
        pe.PEHeaders.TryGetDirectoryOffset(directory, out var offset).Should().BeTrue();
        return (offset, directory.Size);
    }
}
