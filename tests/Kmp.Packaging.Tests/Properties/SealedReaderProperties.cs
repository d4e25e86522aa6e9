using CsCheck;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Packaging.Tests.Properties;

/// <summary>
/// Generated inputs for the sealed-pack reader: any corruption of a sealed pack is read (and a file
/// that still verifies has the signed content) or refused with one line naming the file, never
/// another exception; and what the sealer writes, the reader reads back byte for byte.
/// </summary>
public class SealedReaderProperties
{
    private static readonly string Xml = TestData.SampleXml();

    private static readonly byte[] Sealed = ManagementPackSealer.Seal(Xml, TestData.Key);

    [Fact]
    public void Any_corruption_of_a_sealed_pack_is_read_or_refused_in_one_line() =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, Sealed.Length - 1], Gen.Byte.Array[1, 16], Gen.Int[1, 64]).Array[1, 4]
            .Select(edits => edits.Aggregate(Sealed, (bytes, e) =>
            {
                var at = Math.Min(e.Item2, bytes.Length);
                return e.Item1 switch
                {
                    0 => [.. bytes[..at], .. e.Item3, .. bytes[Math.Min(bytes.Length, at + e.Item3.Length)..]], // overwrite
                    1 => [.. bytes[..at], .. e.Item3, .. bytes[at..]], // insert
                    2 => [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + e.Item4)..]], // delete
                    _ => bytes[..at], // truncate
                };
            }))
            .Sample(bytes =>
            {
                try
                {
                    var pack = SealedManagementPack.Read(bytes, "p.mp");
                    // Bytes outside the strong-name hash (the PE checksum, padding) may change; content may not.
                    if (pack.SignatureStatus == SignatureStatus.Valid) pack.Xml.Should().Be(Xml, "a file that still verifies has the content that was signed");
                }
                catch (KmpException ex)
                {
                    PropertyRuns.IsOneLineNaming(ex.Message, "p.mp").Should().BeTrue($"a refusal is one line naming the file: {ex.Message}");
                }
            }, time: PropertyRuns.Seconds);

    [Fact]
    public void What_the_sealer_writes_the_reader_reads_back() =>
        Gen.Select(Gen.Int[0, 65534].Array[4], Gen.Int[0, 6], Gen.String[Gen.Char["abcXYZ019"], 1, 10])
            .Sample(t =>
            {
                var (v, rules, suffix) = t;
                var version = $"{v[0]}.{v[1]}.{v[2]}.{v[3]}";
                var xml = TestData.SampleXml("KasperskyLab.P" + suffix, version, rules);
                var pack = SealedManagementPack.Read(ManagementPackSealer.Seal(xml, TestData.Key), "p.mp");
                pack.Xml.Should().Be(xml);
                pack.Identity.Id.Should().Be("KasperskyLab.P" + suffix);
                pack.Identity.Version.Should().Be(Version.Parse(version));
                pack.SignatureStatus.Should().Be(SignatureStatus.Valid);
                pack.PublicKeyToken.Should().Be(TestData.Key.PublicKeyToken);
            }, time: PropertyRuns.Seconds);
}
