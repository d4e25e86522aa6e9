using System.Diagnostics;
using System.Xml.Linq;
using Kmp.ManagementPacks;

namespace Kmp.Verification.Tests;

/// <summary>
/// A monitoring pack with 10,000 event rules (each with a module configuration to validate, references
/// to resolve and display strings), the size the project asks to build, verify and seal in under a
/// second, verifies clean. Timing belongs to the benchmark project; KMP_TIMING=1 prints it here.
/// </summary>
public class PerformanceTests
{
    private static List<PackInput> FamilyWithRules(int count)
    {
        var family = GeneratedFamily.Documents(SchemaTarget.Scom2007R2);
        var monitoring = family[GeneratedFamily.Monitoring].Root!;
        var template = monitoring.Descendants("Rule").First();
        var rules = template.Parent!;
        var strings = monitoring.Descendants("DisplayStrings").First();
        var resources = monitoring.Descendants("StringResources").First();
        var templateId = template.Attribute("ID")!.Value;
        var message = templateId + ".AlertMessage";
        var messageString = strings.Elements("DisplayString").First(d => d.Attribute("ElementID")!.Value == message);
        for (var i = 0; i < count; i++)
        {
            var id = $"KasperskyLab.KES.Synthetic{i}.Alert.Rule";
            var rule = new XElement(template);
            rule.SetAttributeValue("ID", id);
            rule.Descendants("AlertMessageId").Single().Value = $"$MPElement[Name=\"{id}.AlertMessage\"]$";
            rule.Descendants("Value").First(v => v.Attribute("Type")?.Value == "UnsignedInteger").Value = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            rules.Add(rule);
            resources.Add(new XElement("StringResource", new XAttribute("ID", id + ".AlertMessage")));
            strings.Add(new XElement("DisplayString", new XAttribute("ElementID", id), new XElement("Name", $"Synthetic event {i}")));
            var alert = new XElement(messageString);
            alert.SetAttributeValue("ElementID", id + ".AlertMessage");
            alert.Element("Name")!.Value = $"Synthetic alert {i}";
            strings.Add(alert);
        }
        return GeneratedFamily.Inputs(family);
    }

    [Fact]
    public void Ten_thousand_rules_verify_clean()
    {
        var packs = FamilyWithRules(10_000);
        var report = Verifier.Verify(packs, GeneratedFamily.Options(packs.Select(p => p.Id)));
        if (Environment.GetEnvironmentVariable("KMP_TIMING") == "1")
        {
            var watch = Stopwatch.StartNew();
            Verifier.Verify(packs, GeneratedFamily.Options(packs.Select(p => p.Id)));
            Console.Error.WriteLine($"verify of the family with 10,000 extra rules: {watch.ElapsedMilliseconds} ms");
        }
        report.Findings.Select(f => f.ToString()).Should().BeEmpty();
        report.PackIds.Should().Contain(GeneratedFamily.Monitoring);
    }
}
