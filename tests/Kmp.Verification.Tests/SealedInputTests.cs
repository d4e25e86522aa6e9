using Kmp.ManagementPacks;
using Kmp.Packaging;

namespace Kmp.Verification.Tests;

/// <summary>Layer 7: sealed input — signature, delay signing, and the family verified from its sealed files.</summary>
public class SealedInputTests
{
    private static readonly Lazy<StrongNameKey> Key = new(() => StrongNameKey.Generate());

    private static List<PackInput> SealedFamily(Func<string, byte[], byte[]>? tamper = null, StrongNameKey? key = null)
    {
        key ??= Key.Value;
        return [.. GeneratedFamily.Xml(SchemaTarget.Scom2007R2).Select(p =>
        {
            var xml = p.Xml.Replace(GeneratedFamily.KeyToken, Key.Value.PublicKeyToken, StringComparison.Ordinal);
            var bytes = ManagementPackSealer.Seal(xml, key);
            if (tamper is not null) bytes = tamper(p.Id, bytes);
            return PackInput.FromSealed(SealedManagementPack.Read(bytes, p.Id + ".mp"), p.Id + ".mp");
        })];
    }

    [Fact]
    public void The_sealed_family_verifies_clean()
    {
        var report = Verifier.Verify(SealedFamily());
        report.Findings.Select(f => f.ToString()).Should().BeEmpty();
    }

    [Fact]
    public void A_changed_byte_breaks_the_signature()
    {
        var report = Verifier.Verify(SealedFamily((id, bytes) =>
        {
            if (id != GeneratedFamily.Discovery) return bytes;
            var copy = (byte[])bytes.Clone();
            copy[^1] ^= 0x5A; // section padding or the signature itself: hashed or checked, never parsed
            return copy;
        }));
        report.WithCode(Codes.SignatureInvalid).Should().ContainSingle().Which.ManagementPackId.Should().Be(GeneratedFamily.Discovery);
    }

    [Fact]
    public void A_delay_signed_pack_is_an_error_unless_allowed()
    {
        var count = GeneratedFamily.Xml(SchemaTarget.Scom2007R2).Count;
        var report = Verifier.Verify(SealedFamily(key: Key.Value.PublicOnly()));
        report.WithCode(Codes.DelaySigned).Should().HaveCount(count);
        report.Errors.Should().Be(count, "a strong name that does not verify is refused by SCOM, as kmp import refuses it");

        var allowed = Verifier.Verify(SealedFamily(key: Key.Value.PublicOnly()), new VerificationOptions { AllowDelaySigned = true });
        allowed.WithCode(Codes.DelaySigned).Should().BeEmpty();
        allowed.WithCode(Codes.DelaySignedAllowed).Should().HaveCount(count);
        allowed.Errors.Should().Be(0);
    }

    [Fact]
    public void A_sealed_reference_with_another_token_is_an_error()
    {
        var packs = SealedFamily();
        var other = StrongNameKey.Generate();
        var library = GeneratedFamily.Xml(SchemaTarget.Scom2007R2).Single(p => p.Id == GeneratedFamily.Library).Xml;
        packs[packs.FindIndex(p => p.Id == GeneratedFamily.Library)] =
            PackInput.FromSealed(SealedManagementPack.Read(ManagementPackSealer.Seal(library, other), "KasperskyLab.Library.mp"), "KasperskyLab.Library.mp");
        var report = Verifier.Verify(packs);
        report.WithCode(Codes.KeyTokenMismatch).Should().NotBeEmpty();
    }
}
