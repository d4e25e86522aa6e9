using Kmp.ManagementPacks.Xml;
using Kmp.Testing;

namespace Kmp.Verification.Tests;

/// <summary>
/// Real packs are the ground truth for what SCOM accepts: every pack of the corpus (Microsoft, vendor
/// and community; sealed and unsealed) verifies with no error against the corpus' Microsoft libraries
/// and Microsoft's MP schemas. A false error here is a verifier bug.
/// </summary>
public class CorpusGroundTruthTests
{
    private static readonly Lazy<ReferenceLibrary> References = new(() => ReferenceLibrary.Load([Corpus.File("microsoft")]));

    public static TheoryData<string> Packs()
    {
        var data = new TheoryData<string>();
        if (Corpus.Directory is null)
        {
            data.Add("(corpus absent)");
            return data;
        }
        foreach (var file in Corpus.Files(".mp").Concat(Corpus.Files(".xml")).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}xsd{Path.DirectorySeparatorChar}")))
            data.Add(Path.GetRelativePath(Corpus.Directory, file).Replace('\\', '/'));
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Packs))]
    public void Real_pack_verifies_without_errors(string relativePath)
    {
        var file = Corpus.File(relativePath.Split('/'));
        var report = Verifier.Verify([PackInput.Load(file)], new VerificationOptions
        {
            References = References.Value,
            SchemaDirectory = Corpus.File("xsd"),
        });
        report.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.ToString()).Should().BeEmpty();
    }

    /// <summary>
    /// The pack reader finds lines only when a finding needs one: every real pack's findings (warnings
    /// included) are the same, lines included, as when packs were read with XDocument.Load and line
    /// information on every node.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Packs))]
    public void Real_pack_findings_are_those_of_a_tree_read_with_every_line(string relativePath)
    {
        var file = Corpus.File(relativePath.Split('/'));
        var input = PackInput.Load(file);
        var text = input.Sealed?.Xml ?? ManagementPackText.ReadFile(file);
        var withLines = PackInput.Of(MutationSuiteTests.ReadWithLineInfo(text, input.Document.FileName), input.File, input.Sealed);
        var options = new VerificationOptions { References = References.Value, SchemaDirectory = Corpus.File("xsd") };

        var report = Verifier.Verify([input], options);

        report.Findings.Should().Equal(Verifier.Verify([withLines], options).Findings);
    }

    [SkippableFact]
    public void Real_packs_verify_without_errors_against_the_built_in_catalog_alone()
    {
        Corpus.Require();
        var files = Corpus.Files(".mp").Concat(Corpus.Files(".xml")).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}xsd{Path.DirectorySeparatorChar}"));
        var errors = files.SelectMany(f => Verifier.Verify([PackInput.Load(f)]).Findings.Where(x => x.Severity == Severity.Error)).Select(f => f.ToString());
        errors.Should().BeEmpty();
    }
}
