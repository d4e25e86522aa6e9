using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Testing;

namespace Kmp.Verification.Tests;

/// <summary>
/// <c>--strict-references</c> (issue 9 item 15): the packs verified together and the references are
/// the whole group, so what SCOM's import would refuse is an error; without it, as before, a warning.
/// </summary>
public class StrictReferencesTests
{
    private static string Pack(string id, params (string Alias, string Id, string Version)[] references) =>
        $"""
        <ManagementPack ContentReadable="true" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
          <Manifest>
            <Identity><ID>{id}</ID><Version>1.0.0.0</Version></Identity>
            <Name>{id}</Name>
            <References>
        {string.Concat(references.Select(r => $"      <Reference Alias=\"{r.Alias}\"><ID>{r.Id}</ID><Version>{r.Version}</Version><PublicKeyToken>31bf3856ad364e35</PublicKeyToken></Reference>\n"))}
            </References>
          </Manifest>
        </ManagementPack>
        """;

    private static VerificationReport Verify(string xml, bool strict) =>
        Verifier.Verify([PackInput.FromXml(ManagementPackDocument.Parse(xml, "Test.Strict.xml"))],
            new VerificationOptions { StrictReferences = strict, BestPractices = false, CheckFileNames = false, WillBeSealed = new HashSet<string> { "Test.Strict" } });

    [Theory]
    [InlineData("Microsoft.SystemCenter.Notifications.Internal", "7.0.8433.0", "is unsealed in every management group, and only sealed management packs can be referenced (ManagementPackCollectionUnsealedMPCannotBeReferenced)")]
    [InlineData("Fabrikam.Absent.Library", "1.0.0.0", "could not load management pack [ID=Fabrikam.Absent.Library, KeyToken=31bf3856ad364e35, Version=1.0.0.0]. The management pack was not found in the store.")]
    [InlineData("System.Library", "9.0.0.0", "could not load management pack [ID=System.Library, KeyToken=31bf3856ad364e35, Version=9.0.0.0]. Version mismatch: version 9.0.0.0 was requested but the group has 6.1.7221.0, 7.5.8501.0.")]
    public void A_reference_SCOM_would_not_resolve_is_an_error_only_when_strict(string referenced, string version, string message)
    {
        var xml = Pack("Test.Strict", ("R", referenced, version));

        var lenient = Verify(xml, strict: false);
        lenient.WithCode(Codes.ReferenceNotInGroup).Should().BeEmpty();
        lenient.WithCode(Codes.ReferenceNotAvailable).Should().ContainSingle();
        lenient.Failed().Should().BeFalse("by default a pack kmp does not have is 'not checked'");

        var strict = Verify(xml, strict: true);
        strict.WithCode(Codes.ReferenceNotAvailable).Should().BeEmpty();
        strict.WithCode(Codes.ReferenceNotInGroup).Should().ContainSingle().Which.Message.Should().Be($"reference 'R': {(message.StartsWith("is", StringComparison.Ordinal) ? referenced + " " : "")}{message}");
        strict.Failed().Should().BeTrue();
    }

    /// <summary>
    /// The whole family of each target against the corpus's 2012 R2 library set as the whole group, with
    /// Microsoft's schemas (as `kmp verify --strict-references -r corpus/microsoft/7.x -s corpus/xsd`):
    /// every library reference, the warehouse library's 6.1.7221.0 of both targets included, resolves to
    /// a real build, and nothing else is found.
    /// </summary>
    [SkippableTheory]
    [InlineData("2007R2")]
    [InlineData("2012")]
    public void The_generated_family_verifies_clean_against_the_real_2012_R2_libraries_as_the_whole_group(string targetName)
    {
        var target = SchemaTargets.Parse(targetName);
        var references = ReferenceLibrary.Load([Corpus.File("microsoft", "7.x")], includeBuiltIn: false);
        var family = GeneratedFamily.Xml(target, allProducts: true);
        var inputs = family.Select(p => PackInput.FromXml(ManagementPackDocument.Parse(p.Xml, p.Id + ".xml"), p.Id + ".xml")).ToList();
        var defaults = GeneratedFamily.Options(family.Select(p => p.Id));
        var report = Verifier.Verify(inputs, new VerificationOptions
        {
            References = references,
            StrictReferences = true,
            SchemaDirectory = Corpus.File("xsd"),
            WillBeSealed = defaults.WillBeSealed,
            SealingKeyToken = defaults.SealingKeyToken,
        });
        report.Findings.Select(f => f.ToString()).Should().BeEmpty();
        inputs.SelectMany(i => i.Document.References).Should().Contain(r => r.ManagementPackId == Libraries.DataWarehouse.Id && r.Version == new Version(6, 1, 7221, 0));
    }

    [Fact]
    public void A_reference_the_group_resolves_is_fine_when_strict()
    {
        var strict = Verify(Pack("Test.Strict", ("System", "System.Library", "6.1.7221.0")), strict: true);
        strict.WithCode(Codes.ReferenceNotInGroup).Should().BeEmpty();
        strict.Failed().Should().BeFalse();
    }
}
