using System.Text.RegularExpressions;
using Kmp.Testing;

namespace Kmp.Verification.Tests;

public class CodesTests
{
    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        Codes.All.Select(c => c.Code).Should().OnlyHaveUniqueItems().And.OnlyContain(c => Regex.IsMatch(c, "^KMP[1-8][0-9]{3}$"));
        Codes.All.Should().OnlyContain(c => c.Code[3] - '1' == (int)c.Family, "the first digit is the check family");
    }

    [Fact]
    public void The_documented_table_lists_every_code_with_its_severity()
    {
        var doc = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "docs", "verification-codes.md"));
        var rows = Regex.Matches(doc, @"^\| (KMP\d{4}) \| (error|warning) \| (.+) \|$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (Severity: m.Groups[2].Value, Title: m.Groups[3].Value));
        rows.Keys.Should().BeEquivalentTo(Codes.All.Select(c => c.Code));
        foreach (var code in Codes.All)
        {
            rows[code.Code].Severity.Should().Be(code.Severity == Severity.Error ? "error" : "warning", code.Code);
            rows[code.Code].Title.Should().Be(code.Title, code.Code);
        }
    }
}
