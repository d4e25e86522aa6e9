using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.ManagementPacks.Xml;
using Kmp.Testing;

namespace Kmp.Verification.Tests;

/// <summary>
/// The mutation suite: each test injects one defect into a valid generated family and expects the
/// verifier to report it with its own code. The unmutated family has no finding at all.
/// </summary>
public class MutationSuiteTests
{
    private const string Xsd = "http://www.w3.org/2001/XMLSchema";
    private const string Lib = GeneratedFamily.Library;
    private const string Disc = GeneratedFamily.Discovery;
    private const string Mon = GeneratedFamily.Monitoring;
    private const string Reg = GeneratedFamily.RegistryDiscovery;
    private const string View = GeneratedFamily.Views;

    /// <summary>The family being broken: its XML trees and how it is verified.</summary>
    public sealed class Family(Dictionary<string, XDocument> packs, SchemaTarget target)
    {
        public Dictionary<string, XDocument> Packs { get; } = packs;
        public SchemaTarget Target { get; } = target;
        public Dictionary<string, string> FileNames { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Unsealed { get; } = new(StringComparer.Ordinal);

        public XElement Root(string pack) => Packs[pack].Root!;

        /// <summary>The first element of a kind (XML name) in a pack, or the one with the ID.</summary>
        public XElement Element(string pack, string kind, string? id = null) =>
            Root(pack).Descendants(kind).First(e => id is null || e.Attribute("ID")?.Value == id);

        public XElement Reference(string pack, string alias) =>
            Root(pack).Element("Manifest")!.Element("References")!.Elements("Reference").First(r => r.Attribute("Alias")?.Value == alias);

        public XElement DisplayStrings(string pack) => Root(pack).Descendants("DisplayStrings").First();

        public XElement DisplayString(string pack, string elementId) =>
            DisplayStrings(pack).Elements("DisplayString").First(d => d.Attribute("ElementID")?.Value == elementId && d.Attribute("SubElementID") is null);
    }

    public sealed record Mutation(string Name, FindingCode Expected, Action<Family> Apply, SchemaTarget? Only = null, bool Schemas = false)
    {
        public override string ToString() => Name;
    }

    private static readonly Mutation[] All =
    [
        // 1. structure
        new("file name is not the MP ID", Codes.FileNameNotId, f => f.FileNames[Disc] = "KES.Discovery.xml"),
        new("Monitoring section before TypeDefinitions", Codes.SectionOrder, f =>
        {
            var monitoring = f.Root(Disc).Element("Monitoring")!;
            monitoring.Remove();
            f.Root(Disc).Element("TypeDefinitions")!.AddBeforeSelf(monitoring);
        }),
        new("rule's write actions before its data sources", Codes.SectionOrder, f =>
        {
            var rule = f.Element(Mon, "Rule");
            var ds = rule.Element("DataSources")!;
            ds.Remove();
            rule.Add(ds);
        }),
        new("element ID starting with a digit", Codes.InvalidId, f => f.Element(Mon, "Rule").SetAttributeValue("ID", "1KasperskyLab.KES.Rule")),
        new("alias equal to an element ID", Codes.DuplicateId, f => f.Reference(View, "KL").SetAttributeValue("Alias", "KasperskyLab.KES.Folder")),
        new("FolderItem ID in a schema 1.0 pack", Codes.NotInSchemaVersion, f => f.Element(View, "FolderItem").SetAttributeValue("ID", "KasperskyLab.KES.Item"), Only: SchemaTarget.Scom2007R2),
        new("FolderItem without ID in a schema 2.0 pack", Codes.NotInSchemaVersion, f => f.Element(View, "FolderItem").Attribute("ID")!.Remove(), Only: SchemaTarget.Scom2012),
        new("Length attribute in a schema 2.0 pack", Codes.NotInSchemaVersion, f => f.Element(Lib, "Property").SetAttributeValue("Length", "256"), Only: SchemaTarget.Scom2012),
        new("two operational states with one ID", Codes.DuplicateSubElementId, f =>
            f.Element(Mon, "UnitMonitor").Descendants("OperationalState").Last().SetAttributeValue("ID", "Running")),
        new("module ID with a space", Codes.InvalidSubElementId, f => f.Element(Mon, "WriteAction").SetAttributeValue("ID", "Write Alert")),
        new("rule without category", Codes.RequiredChildMissing, f => f.Element(Mon, "Rule").Element("Category")!.Remove()),
        new("public key token of the wrong length", Codes.InvalidKeyToken, f => f.Reference(Disc, "System").Element("PublicKeyToken")!.Value = "31bf3856ad364e3"),

        // 2. Microsoft's MP schema
        new("attribute the MP schema does not declare", Codes.SchemaInvalid, f => f.Element(Mon, "Rule").SetAttributeValue("Owner", "kmp"), Schemas: true),

        // 3. references
        new("undeclared alias", Codes.UnknownAlias, f => f.Element(Mon, "Rule").SetAttributeValue("Target", "KLX!KasperskyLab.KES.Application")),
        new("reference to a library element that does not exist", Codes.ElementNotFound, f =>
            f.Element(Disc, "Discovery").SetAttributeValue("Target", "Windows!Microsoft.Windows.Computr")),
        new("event collection publishing with a warehouse write action that does not exist", Codes.ElementNotFound, f =>
            f.Root(Mon).Descendants("WriteAction").First(w => w.Attribute("ID")?.Value == "WriteToDW")
                .SetAttributeValue("TypeID", "SCDW!Microsoft.SystemCenter.DataWarehouse.PublishEventDat")),
        new("discovery data source naming a relationship as its class", Codes.WrongKind, f =>
            f.Element(Reg, "ClassId").Value = "$MPElement[Name=\"SC!Microsoft.SystemCenter.ComputerGroupContainsComputer\"]$"),
        new("performance mapper without the value to collect", Codes.ConfigurationInvalid, f =>
            f.Root(Lib).Descendants("ConditionDetection").First(c => c.Attribute("ID")?.Value == "Mapper").Element("Value")!.Remove()),
        new("module type reference to a class", Codes.WrongKind, f =>
            f.Element(Mon, "WriteAction").SetAttributeValue("TypeID", "KLD!KasperskyLab.KES.Application")),
        new("reference to an internal class of another pack", Codes.NotAccessible, f =>
            f.Element(Disc, "ClassType", "KasperskyLab.KES.Application").SetAttributeValue("Accessibility", "Internal")),
        new("reference to a pack that stays unsealed", Codes.UnsealedReference, f => f.Unsealed.Add(Lib)),
        new("reference to a newer family version than the one verified", Codes.ReferenceVersionTooHigh, f =>
            f.Reference(Mon, "KL").Element("Version")!.Value = "2.0.0.0"),
        new("reference with another key token", Codes.KeyTokenMismatch, f =>
            f.Reference(Disc, "Windows").Element("PublicKeyToken")!.Value = "0123456789abcdef"),
        new("two aliases for one pack", Codes.DuplicateReference, f =>
        {
            var copy = new XElement(f.Reference(Disc, "Windows"));
            copy.SetAttributeValue("Alias", "Win");
            f.Reference(Disc, "Windows").AddAfterSelf(copy);
        }),
        new("reference to a pack that is nowhere to be found", Codes.ReferenceNotAvailable, f =>
        {
            var copy = new XElement(f.Reference(Disc, "System"));
            copy.SetAttributeValue("Alias", "Contoso");
            copy.Element("ID")!.Value = "Contoso.Library";
            f.Reference(Disc, "System").AddAfterSelf(copy);
        }),
        new("pack referencing itself", Codes.SelfReference, f =>
        {
            var copy = new XElement(f.Reference(Disc, "System"));
            copy.SetAttributeValue("Alias", "Self");
            copy.Element("ID")!.Value = Disc;
            f.Reference(Disc, "System").AddAfterSelf(copy);
        }),
        new("$MPElement$ naming nothing", Codes.InvalidExpression, f => f.Element(Reg, "ClassId").Value = "$MPElement[Name=\"\"]$"),
        new("override of a rule that does not exist", Codes.OverrideTargetMissing, f => f.Root(Mon).Element("Monitoring")!.Add(Overrides("KasperskyLab.KES.Gone.Rule", enforced: false))),
        new("$Target$ property the class does not have", Codes.PropertyNotFound, f =>
            f.Element(Reg, "ComputerName").Value = "$Target/Property[Type=\"Windows!Microsoft.Windows.Computer\"]/PrincipalNam$"),
        new("$Target$ one /Host short", Codes.HostDepth, f =>
            f.Element(Mon, "UnitMonitor").Element("Configuration")!.Element("ComputerName")!.Value = "$Target/Property[Type=\"Windows!Microsoft.Windows.Computer\"]/NetworkName$"),
        new("$Target$ /Host from an unhosted class", Codes.HostDepth, f =>
            f.Element(Reg, "ComputerName").Value = "$Target/Host/Property[Type=\"Windows!Microsoft.Windows.Computer\"]/PrincipalName$"),
        new("element newer than the referenced library version", Codes.NewerThanReference, f =>
            f.Element(Disc, "Discovery").SetAttributeValue("Target", "Windows!Microsoft.Windows.ComputerNetworkAdapter"), Only: SchemaTarget.Scom2007R2),

        // 4. module configuration
        new("event provider without LogName", Codes.ConfigurationInvalid, f => f.Element(Mon, "LogName").Remove()),
        new("registry discovery with a non-numeric frequency", Codes.ConfigurationInvalid, f => f.Element(Reg, "Frequency").Value = "daily"),
        new("service monitor configuration in the wrong order", Codes.ConfigurationInvalid, f =>
        {
            var name = f.Element(Mon, "UnitMonitor").Element("Configuration")!.Element("ServiceName")!;
            name.Remove();
            f.Element(Mon, "UnitMonitor").Element("Configuration")!.AddFirst(name);
        }),
        new("alert with an unknown configuration element", Codes.ConfigurationInvalid, f => f.Element(Mon, "AlertMessageId").AddAfterSelf(new XElement("AlertColour", "red"))),
        new("overrideable parameter selecting no configuration element", Codes.OverrideableSelector, f =>
            f.Element(Lib, "OverrideableParameter").SetAttributeValue("Selector", "$Config/Interval$")),
        new("$Config$ reference to no configuration element", Codes.UnknownConfigParameter, f =>
            f.Element(Lib, "TimeoutSeconds").Value = "$Config/Timeout$"),
        new("overrideable parameter of type 'integer'", Codes.ParameterType, f => f.Element(Lib, "OverrideableParameter").SetAttributeValue("ParameterType", "integer")),
        new("configuration schema with an unknown type", Codes.ConfigurationSchemaInvalid, f =>
            f.Element(Lib, "DataSourceModuleType").Element("Configuration")!.Elements().First().SetAttributeValue("type", "xsd:integr")),
        new("module type whose schema the built-in catalog leaves out", Codes.ConfigurationNotChecked, f =>
            f.Element(Mon, "Rule").Descendants("DataSource").First().SetAttributeValue("TypeID", "Windows!Microsoft.Windows.WmiEventProvider")),
        new("configuration schema with a non-XSD element", Codes.ConfigurationSchemaNotXsd, f =>
            f.Element(Lib, "DataSourceModuleType").Element("Configuration")!.Add(new XElement("Interval", "60"))),

        // 5. import-time rules beyond the schema
        new("unit monitor without parent", Codes.MonitorWithoutParent, f => f.Element(Mon, "UnitMonitor").Attribute("ParentMonitorID")!.Remove()),
        new("operational state for an unknown monitor type state", Codes.UnknownMonitorTypeState, f =>
            f.Element(Mon, "UnitMonitor").Descendants("OperationalState").Last().SetAttributeValue("MonitorTypeStateID", "Stopped")),
        new("two operational states with one health state", Codes.HealthStateTwice, f =>
            f.Element(Mon, "UnitMonitor").Descendants("OperationalState").Last().SetAttributeValue("HealthState", "Success")),
        new("two operational states for one monitor type state", Codes.MonitorTypeStateTwice, f =>
            f.Element(Mon, "UnitMonitor").Descendants("OperationalState").Last().SetAttributeValue("MonitorTypeStateID", "Running")),
        new("alert message that is not a string resource", Codes.AlertMessageNotString, f =>
            f.Element(Mon, "AlertSettings").SetAttributeValue("AlertMessage", f.Element(Mon, "Rule").Attribute("ID")!.Value)),
        new("rule with a probe action", Codes.RuleWithProbe, f =>
            f.Element(Mon, "Rule").Element("DataSources")!.AddAfterSelf(new XElement("ProbeAction", new XAttribute("ID", "Probe"), new XAttribute("TypeID", "Windows!Microsoft.Windows.RegistryProbe")))),
        new("rule without write action", Codes.RuleWithoutWriteAction, f => f.Element(Mon, "Rule").Element("WriteActions")!.RemoveNodes()),
        new("discovery of a property the class does not have", Codes.DiscoveryPropertyNotOnClass, f =>
            f.Element(Disc, "DiscoveryClass").Add(new XElement("Property", new XAttribute("TypeID", "KL!KasperskyLab.Library.Application"), new XAttribute("PropertyID", "Edition")))),
        new("two display strings for one element", Codes.DuplicateDisplayString, f =>
            f.DisplayStrings(Mon).Add(new XElement(f.DisplayString(Mon, Mon)))),
        new("two knowledge articles for one element", Codes.DuplicateKnowledgeArticle, f =>
        {
            var article = f.Root(Mon).Descendants("KnowledgeArticle").First();
            article.Parent!.Add(new XElement(article));
        }),
        new("display string for a missing element", Codes.StringForMissingElement, f =>
        {
            var copy = new XElement(f.DisplayString(Mon, Mon));
            copy.SetAttributeValue("ElementID", "KasperskyLab.KES.Gone.Rule");
            f.DisplayStrings(Mon).Add(copy);
        }),
        new("knowledge article without content", Codes.KnowledgeContent, f => f.Root(Mon).Descendants("MamlContent").First().Remove()),
        new("key property under a concrete base", Codes.KeyUnderConcreteBase, f =>
            f.Element(Disc, "ClassType", "KasperskyLab.KES.Application").AddAfterSelf(DerivedClass("KasperskyLab.KES.Agent", "KL!KasperskyLab.Library.ExchangeSecurity", hosted: true,
                new XElement("Property", new XAttribute("ID", "Serial"), new XAttribute("Type", "string"), new XAttribute("Key", "true"))))),
        new("unhosted concrete class without key that is not a singleton", Codes.MustBeSingleton, f =>
        {
            var group = f.Element(Disc, "ClassType", "KasperskyLab.KES.ComputerGroup");
            group.SetAttributeValue("Singleton", "false");
            group.SetAttributeValue("Base", "System!System.LogicalEntity");
        }),
        new("singleton with a key property", Codes.SingletonWithKey, f =>
            f.Element(Disc, "ClassType", "KasperskyLab.KES.ComputerGroup").Add(new XElement("Property", new XAttribute("ID", "Name"), new XAttribute("Type", "string"), new XAttribute("Key", "true")))),
        new("hosted flag different from the concrete base", Codes.HostedFlagChanged, f =>
            f.Element(Disc, "ClassType", "KasperskyLab.KES.Application").AddAfterSelf(DerivedClass("KasperskyLab.KES.Computer", "Windows!Microsoft.Windows.Computer", hosted: true))),
        new("hosted class that nothing hosts", Codes.HostedWithoutHost, f =>
            f.Element(Disc, "ClassType", "KasperskyLab.KES.Application").SetAttributeValue("Base", "System!System.LogicalEntity")),
        new("hosting relationship for a class of another pack", Codes.HostingTarget, f =>
            f.Root(Disc).Descendants("ClassTypes").First().AddAfterSelf(new XElement("RelationshipTypes",
                new XElement("RelationshipType", new XAttribute("ID", "KasperskyLab.KES.ApplicationHostsAgent"), new XAttribute("Accessibility", "Public"),
                    new XAttribute("Abstract", "false"), new XAttribute("Base", "System!System.Hosting"),
                    f.Target == SchemaTarget.Scom2012 ? new XElement("Source", new XAttribute("ID", "Source"), new XAttribute("Type", "KasperskyLab.KES.Application")) : new XElement("Source", "KasperskyLab.KES.Application"),
                    f.Target == SchemaTarget.Scom2012 ? new XElement("Target", new XAttribute("ID", "Target"), new XAttribute("Type", "KL!KasperskyLab.Library.ExchangeSecurity")) : new XElement("Target", "KL!KasperskyLab.Library.ExchangeSecurity"))))),
        new("discovery that does not set its host's key property", Codes.InstanceKeyNotSet, f =>
            f.Root(Reg).Descendants("Setting").First(s => s.Element("Name")!.Value.EndsWith("/PrincipalName$", StringComparison.Ordinal)).Remove()),
        new("discovery that does not set its class's own key property", Codes.InstanceKeyNotSet, f =>
            f.Element(Reg, "ClassType", "KasperskyLab.KSSP.Application").Add(
                new XElement("Property", new XAttribute("ID", "InstanceName"), new XAttribute("Type", "string"), new XAttribute("Key", "true")))),
        new("enforced override in a pack that is sealed", Codes.SealedOverrideEnforced, f =>
            f.Root(Mon).Element("Monitoring")!.Add(Overrides(f.Element(Mon, "Rule").Attribute("ID")!.Value, enforced: true))),
        new("two default language packs", Codes.DefaultLanguage, f =>
        {
            var lp = f.Root(Mon).Descendants("LanguagePack").First();
            var copy = new XElement(lp);
            copy.SetAttributeValue("ID", "RUS");
            lp.AddAfterSelf(copy);
        }),

        // 6. best practice
        new("element without display string", Codes.NoDisplayString, f => f.DisplayString(Mon, f.Element(Mon, "Rule").Attribute("ID")!.Value).Remove()),
        new("two rules with one display name", Codes.RepeatedDisplayName, f =>
        {
            var rules = f.Root(Mon).Descendants("Rule").Where(r => r.Attribute("ID") is not null).Take(2).Select(r => r.Attribute("ID")!.Value).ToList();
            f.DisplayString(Mon, rules[1]).Element("Name")!.Value = f.DisplayString(Mon, rules[0]).Element("Name")!.Value;
        }),
        new("alert with a hard-coded name", Codes.HardcodedAlertText, f =>
        {
            var id = f.Element(Mon, "AlertMessageId");
            id.AddAfterSelf(new XElement("AlertName", "Threat"), new XElement("AlertDescription", "A threat was found"));
            id.Remove();
        }),
        new("alert description using a parameter that is not set", Codes.AlertParameterMissing, f =>
        {
            var messageId = f.Element(Mon, "AlertSettings").Attribute("AlertMessage")!.Value;
            f.DisplayString(Mon, messageId).Element("Description")!.Value += " {7}";
        }),
        new("monitor alert parameter reading $Data/…$", Codes.MonitorAlertXPath, f => f.Element(Mon, "AlertSettings").Descendants("AlertParameter1").First().Value = "$Data/Property[@Name='Name']$"),
        new("monitor alerting on a state it does not use", Codes.AlertOnStateUnused, f => f.Element(Mon, "AlertOnState").Value = "Warning"),
        new("monitor alert severity different from its unhealthy state", Codes.AlertSeverityMismatch, f => f.Element(Mon, "AlertSeverity").Value = "Warning"),
        new("event expression on the event description", Codes.EventDescriptionCompared, f =>
            f.Root(Mon).Descendants("XPathQuery").First(x => x.Value == "PublisherName").Value = "EventDescription"),
        new("alert view without resolution state", Codes.AlertViewResolutionState, f => f.Root(View).Descendants("ResolutionState").First().Remove()),
        new("reference to the Backward Compatibility pack", Codes.BackwardCompatibilityReference, f =>
        {
            var copy = new XElement(f.Reference(Disc, "System"));
            copy.SetAttributeValue("Alias", "MOMBackwardCompatibility");
            copy.Element("ID")!.Value = "Microsoft.SystemCenter.MOM.BackwardCompatibility";
            f.Reference(Disc, "System").AddAfterSelf(copy);
        }),
        new("type definitions in a pack that stays unsealed", Codes.TypeDefinitionInUnsealed, f => f.Unsealed.Add(Disc)),
    ];

    private static XElement Overrides(string rule, bool enforced) =>
        new("Overrides", new XElement("RulePropertyOverride", new XAttribute("ID", "KasperskyLab.KES.Override"), new XAttribute("Context", "KLD!KasperskyLab.KES.Application"),
            new XAttribute("Enforced", enforced ? "true" : "false"), new XAttribute("Rule", rule), new XAttribute("Property", "Enabled"), new XElement("Value", "false")));

    private static XElement DerivedClass(string id, string baseClass, bool hosted, params XElement[] properties) =>
        new("ClassType", new XAttribute("ID", id), new XAttribute("Accessibility", "Public"), new XAttribute("Abstract", "false"),
            new XAttribute("Base", baseClass), new XAttribute("Hosted", hosted ? "true" : "false"), new XAttribute("Singleton", "false"), properties);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var m in All)
        {
            foreach (var target in new[] { SchemaTarget.Scom2007R2, SchemaTarget.Scom2012 })
            {
                if (m.Only is null || m.Only == target) data.Add(m.Name, target.Name());
            }
        }
        return data;
    }

    /// <summary>The generated family of <paramref name="targetName"/> with <paramref name="mutation"/> applied, and how to verify it.</summary>
    private static (Mutation Mutation, Family Family, VerificationOptions Options, List<PackInput> Inputs) Mutated(string mutation, string targetName)
    {
        var m = All.Single(x => x.Name == mutation);
        var target = SchemaTargets.Parse(targetName);
        var family = new Family(GeneratedFamily.Documents(target), target);
        m.Apply(family);
        var options = GeneratedFamily.Options(family.Packs.Keys.Where(id => !family.Unsealed.Contains(id)));
        if (m.Schemas) options = options with { SchemaDirectory = Corpus.File("xsd") };
        return (m, family, options, GeneratedFamily.Inputs(family.Packs, family.FileNames));
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Every_injected_defect_is_reported_with_its_code(string mutation, string targetName)
    {
        var (m, family, options, inputs) = Mutated(mutation, targetName);

        var report = Verifier.Verify(inputs, options);

        report.Findings.Should().Contain(f => f.Code == m.Expected.Code && f.Severity == m.Expected.Severity,
            $"'{mutation}' must be reported as {m.Expected.Code}; got: {string.Join(" | ", report.Findings)}");
    }

    /// <summary>
    /// The pack reader finds lines only when a finding needs one: every finding of every defect is the
    /// same, line included, as when packs were read with XDocument.Load and line information on every node.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Every_injected_defect_is_reported_as_when_every_node_was_read_with_its_line(string mutation, string targetName)
    {
        var (_, family, options, inputs) = Mutated(mutation, targetName);
        var withLines = family.Packs.Select(p =>
        {
            var file = family.FileNames.GetValueOrDefault(p.Key) ?? p.Key + ".xml";
            return PackInput.FromXml(ReadWithLineInfo(p.Value.Declaration + Environment.NewLine + p.Value.ToString(), file), file);
        }).ToList();

        var report = Verifier.Verify(inputs, options);

        report.Findings.Should().NotBeEmpty();
        report.Findings.Should().Equal(Verifier.Verify(withLines, options).Findings);
    }

    /// <summary>Every defect is reported alike, order and lines included, by one thread and by several (the checks spread over them).</summary>
    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Every_injected_defect_is_reported_alike_by_one_thread_and_by_several(string mutation, string targetName)
    {
        var (_, _, options, inputs) = Mutated(mutation, targetName);

        var alone = Verifier.Verify(inputs, options with { Workers = 1 });

        alone.Findings.Should().NotBeEmpty();
        Verifier.Verify(inputs, options with { Workers = 2 }).Findings.Should().Equal(alone.Findings);
        Verifier.Verify(inputs, options with { Workers = 4 }).Findings.Should().Equal(alone.Findings);
    }

    /// <summary>The same text read as packs were read before: XDocument.Load with line information.</summary>
    internal static ManagementPackDocument ReadWithLineInfo(string text, string? file)
    {
        using var reader = SafeXml.CreateReader(new StringReader(text));
        return ManagementPackDocument.FromTree(XDocument.Load(reader, LoadOptions.SetLineInfo), file);
    }

    [Fact]
    public void The_suite_covers_every_family_of_checks_with_at_least_25_distinct_codes()
    {
        All.Select(m => m.Expected.Code).Distinct().Should().HaveCountGreaterThanOrEqualTo(25);
        All.Select(m => m.Expected.Family).Distinct().Should().Contain([CheckFamily.Structure, CheckFamily.Schema, CheckFamily.References,
            CheckFamily.ModuleConfiguration, CheckFamily.ImportRules, CheckFamily.Practice]);
        All.Select(m => m.Name).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("2007R2")]
    [InlineData("2012")]
    public void The_unmutated_family_has_no_finding(string targetName)
    {
        var family = GeneratedFamily.Documents(SchemaTargets.Parse(targetName));
        var report = Verifier.Verify(GeneratedFamily.Inputs(family), GeneratedFamily.Options(family.Keys));
        report.Findings.Select(f => f.ToString()).Should().BeEmpty();
    }

    private static readonly Lazy<ReferenceLibrary> CorpusReferences = new(() => ReferenceLibrary.Load([Corpus.File("microsoft")]));

    /// <summary>Every pack `kmp build --all` generates, for both targets, with the built-in catalog and with the real libraries and schemas.</summary>
    [SkippableTheory]
    [InlineData("2007R2", false)]
    [InlineData("2012", false)]
    [InlineData("2007R2", true)]
    [InlineData("2012", true)]
    public void Every_generated_pack_verifies_with_no_error_and_no_warning(string targetName, bool withReferences)
    {
        var packs = GeneratedFamily.Xml(SchemaTargets.Parse(targetName), allProducts: true);
        var inputs = GeneratedFamily.Inputs(packs.Select(p => KeyValuePair.Create(p.Id, XDocument.Parse(p.Xml))));
        var options = GeneratedFamily.Options(packs.Select(p => p.Id));
        if (withReferences) options = options with { References = CorpusReferences.Value, SchemaDirectory = Corpus.File("xsd") };

        var report = Verifier.Verify(inputs, options);

        report.PackIds.Should().HaveCount(packs.Count).And.HaveCountGreaterThan(4);
        report.Findings.Select(f => f.ToString()).Should().BeEmpty();
    }
}
