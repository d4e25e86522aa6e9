using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Verification.Tests;

/// <summary>
/// Verification spreads its checks over several threads and puts their findings together afterwards: the
/// findings (which, their order, codes, messages, lines) must be those of one thread checking pack by pack,
/// layer by layer, whatever thread ran which check.
/// </summary>
public class ParallelVerificationTests
{
    private static readonly Lazy<ReferenceLibrary> References = new(() => ReferenceLibrary.Load([Corpus.File("microsoft")]));

    private static VerificationReport Verify(IEnumerable<PackInput> packs, VerificationOptions options, int workers) =>
        Verifier.Verify(packs, options with { Workers = workers });

    public static TheoryData<string> CorpusPacks() => CorpusGroundTruthTests.Packs();

    [SkippableTheory]
    [MemberData(nameof(CorpusPacks))]
    public void Real_pack_findings_are_the_same_on_several_threads(string relativePath)
    {
        var input = PackInput.Load(Corpus.File(relativePath.Split('/')));
        var options = new VerificationOptions { References = References.Value, SchemaDirectory = Corpus.File("xsd") };

        var alone = Verify([input], options, workers: 1);

        Verify([input], options, workers: 2).Findings.Should().Equal(alone.Findings);
        Verify([input], options, workers: 5).Findings.Should().Equal(alone.Findings);
    }

    [SkippableFact]
    public void The_whole_corpus_verified_together_has_the_same_findings_on_several_threads()
    {
        var inputs = Corpus.Files(".mp").Concat(Corpus.Files(".xml")).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}xsd{Path.DirectorySeparatorChar}"))
            .Select(PackInput.Load).ToList();
        var options = new VerificationOptions { References = References.Value, StrictReferences = true };

        var alone = Verify(inputs, options, workers: 1);

        alone.Findings.Should().NotBeEmpty("the corpus verified as one management group reports something to compare");
        Verify(inputs, options, workers: 2).Findings.Should().Equal(alone.Findings);
        Verify(inputs, options, workers: 3).Findings.Should().Equal(alone.Findings);
    }

    [Theory]
    [InlineData("2007R2")]
    [InlineData("2012")]
    public void The_family_of_every_product_verifies_alike_on_several_threads(string targetName)
    {
        var target = SchemaTargets.Parse(targetName);
        var xml = GeneratedFamily.Xml(target, allProducts: true);
        List<PackInput> Inputs() => [.. xml.Select(p => PackInput.FromXml(ManagementPacks.Xml.ManagementPackDocument.Parse(p.Xml, p.Id + ".xml")))];
        var options = GeneratedFamily.Options(xml.Select(p => p.Id));

        var alone = Verify(Inputs(), options, workers: 1);

        Verify(Inputs(), options, workers: 2).Findings.Should().Equal(alone.Findings);
        // the same packs, unsealed and without the references they resolve into: findings to compare
        var broken = Verify(Inputs().Where(p => !p.Id.EndsWith(".Library", StringComparison.Ordinal)), new VerificationOptions(), workers: 1);
        broken.Findings.Should().NotBeEmpty();
        Verify(Inputs().Where(p => !p.Id.EndsWith(".Library", StringComparison.Ordinal)), new VerificationOptions(), workers: 2).Findings.Should().Equal(broken.Findings);
    }

    [Fact]
    public void A_pack_with_many_findings_has_them_in_the_same_order_with_the_same_lines_on_several_threads()
    {
        var (inputs, options) = ManyFindings();

        var alone = Verify(inputs, options, workers: 1);

        alone.Findings.Should().HaveCountGreaterThan(40);
        alone.Findings.Select(f => f.Code).Distinct().Should().HaveCountGreaterThan(5);
        alone.Findings.Should().Contain(f => f.Line > 0);
        Verify(inputs, options, workers: 2).Findings.Should().Equal(alone.Findings);
        Verify(inputs, options, workers: 8).Findings.Should().Equal(alone.Findings);
    }

    [Fact]
    public void Verifying_the_same_packs_many_times_at_once_gives_the_same_findings_each_time()
    {
        var (inputs, options) = ManyFindings();
        var expected = Verify(inputs, options, workers: 1).Findings;

        var results = new IReadOnlyList<Finding>[16];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            results[i] = Verify(ManyFindings().Inputs, options, workers: 2 + i % 3).Findings);

        results.Should().AllSatisfy(r => r.Should().Equal(expected));
    }

    [Fact]
    public void A_failing_check_fails_the_verification_on_several_threads_as_on_one()
    {
        var (inputs, options) = ManyFindings();
        var missing = Path.Combine(Path.GetTempPath(), "kmp-no-schemas-" + Guid.NewGuid().ToString("N"));

        var alone = () => Verify(inputs, options with { SchemaDirectory = missing }, workers: 1);
        var several = () => Verify(inputs, options with { SchemaDirectory = missing }, workers: 3);

        var message = alone.Should().Throw<KmpException>().Which.Message;
        several.Should().Throw<KmpException>().WithMessage(message);
    }

    [Fact]
    public void Big_packs_are_verified_on_every_core_and_small_ones_on_the_calling_thread()
    {
        // the choice only: the findings are the same either way (above)
        var (inputs, options) = ManyFindings();
        inputs.Sum(p => p.Document.Elements.Count).Should().BeLessThan(Verifier.ParallelFromElements);
        Verifier.Verify(inputs, options).Findings.Should().Equal(Verify(inputs, options, workers: 1).Findings);
    }

    /// <summary>
    /// The generated family (schema 2.0) broken in many places at once: elements without display strings,
    /// modules of unknown types, a rule given twice, unknown aliases, overrides of missing rules, invalid
    /// configuration, a category removed; a pack left unsealed.
    /// </summary>
    private static (List<PackInput> Inputs, VerificationOptions Options) ManyFindings()
    {
        var family = GeneratedFamily.Documents(SchemaTarget.Scom2012);
        var monitoring = family[GeneratedFamily.Monitoring].Root!;
        foreach (var ds in family.Values.SelectMany(d => d.Descendants("DisplayString")).Where((_, i) => i % 2 == 0).ToList()) ds.Remove();
        var rules = monitoring.Descendants("Rule").ToList();
        foreach (var (rule, i) in rules.Select((r, i) => (r, i)))
        {
            if (i % 2 == 0) rule.Element("Category")?.Remove();
            if (i % 3 == 0 && rule.Descendants("WriteAction").FirstOrDefault() is { } wa) wa.SetAttributeValue("TypeID", "Nope!Missing.WriteAction");
            if (i % 4 == 0 && rule.Descendants("Priority").FirstOrDefault() is { } priority) priority.Value = "high";
            if (i % 5 == 0) rule.SetAttributeValue("Target", "Missing.Class");
        }
        rules[0].AddAfterSelf(new XElement(rules[0]));
        rules[^1].AddAfterSelf(new XElement(rules[^1]));
        var library = family[GeneratedFamily.Library].Root!;
        foreach (var property in library.Descendants("Property").Take(4)) property.SetAttributeValue("ID", "Same");
        var ids = family.Keys.Where(id => id != GeneratedFamily.Discovery);
        return (GeneratedFamily.Inputs(family), GeneratedFamily.Options(ids));
    }
}

/// <summary>The scan for an alert description's highest {n} finds what the regex it replaces found.</summary>
public class PlaceholderScanTests
{
    [Theory]
    [InlineData("")]
    [InlineData("no placeholder")]
    [InlineData("Event {2} on {1}:\n{0}")]
    [InlineData("{{1}")]
    [InlineData("{1}}{7}")]
    [InlineData("{}{ 3}{3 }")]
    [InlineData("{12}x{3}")]
    [InlineData("{1")]
    [InlineData("trailing {")]
    [InlineData("{99999999999} and {4}")]
    [InlineData("{99999999999}")]
    [InlineData("{\u0661\u0662} arabic-indic digits, {5}")]
    [InlineData("{0005}{{{6}}}")]
    public void Highest_placeholder_is_the_one_the_regex_finds(string description)
    {
        var expected = System.Text.RegularExpressions.Regex.Matches(description, @"\{(\d+)\}", System.Text.RegularExpressions.RegexOptions.CultureInvariant)
            .Select(m => int.TryParse(m.Groups[1].Value, out var n) ? n : -1).DefaultIfEmpty(-1).Max();

        Checks.PracticeChecks.HighestPlaceholder(description).Should().Be(expected);
    }
}
