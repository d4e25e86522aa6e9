using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kmp.ManagementPacks;

namespace Kmp.Verification.Checks;

/// <summary>
/// Layer 3: manifest references (sealed, version, key token, one alias per pack) and every element
/// reference — <c>Alias!ID</c> attributes and texts, <c>$MPElement[Name="…"]$</c> and
/// <c>$Target/…Property[Type="…"]/P$</c> expressions — resolves to an element of the expected kind,
/// public when it is in another pack.
/// </summary>
internal static partial class ReferenceChecks
{
    private static readonly string[] Targetable = ["ClassType", "RelationshipType", "TypeProjection"];
    private static readonly string[] Monitors = ["UnitMonitor", "AggregateMonitor", "DependencyMonitor"];

    [GeneratedRegex("""\$MPElement\[\s*Name\s*=\s*["']([^"']*)["']\s*\](?:/([A-Za-z0-9_.]+))?\$""", RegexOptions.CultureInvariant)]
    private static partial Regex MPElementExpression();

    [GeneratedRegex("""\$Target((?:/Host)*)/Property\[\s*Type\s*=\s*["']([^"']*)["']\s*\]/([A-Za-z0-9_.]+)\$""", RegexOptions.CultureInvariant)]
    private static partial Regex TargetPropertyExpression();

    /// <summary>Workflows whose Target is the class that $Target$ stands for in their configuration.</summary>
    private static readonly HashSet<string> Workflows = ["Discovery", "Rule", "Task", "UnitMonitor", "Diagnostic", "Recovery"];

    // The layer runs as three pieces (VerificationPlan), reported in this order: the manifest
    // (CheckManifest), the $Target/Host/… depths (CheckHostDepths), every reference (CheckReferences).

    /// <summary>The $Target/Host/…/Property[Type="X"]/P$ expressions of the pack's workflows.</summary>
    public static void CheckHostDepths(VerificationContext context, PackEntry pack)
    {
        foreach (var element in pack.Document.Elements)
        {
            if (Workflows.Contains(element.Kind)) HostDepth(context, pack, element.Xml);
        }
    }

    /// <summary>Every element reference in the pack's sections.</summary>
    public static void CheckReferences(VerificationContext context, PackEntry pack)
    {
        var expressions = new ExpressionFindings();
        foreach (var section in pack.Document.Xml.Root!.Elements())
        {
            // templates hold $Reference/…$ and $TemplateConfig/…$ forms that resolve only when instantiated
            if (section.Name.LocalName is "Manifest" or "LanguagePacks" or "Templates") continue;
            Walk(context, pack, section, expressions);
        }
    }

    /// <summary>
    /// What the expressions of a text (or attribute value) of a pack report, by the text and the two facts
    /// about its place that checking it looks at (what a whole $MPElement$ there must name, and whether it
    /// is in an override): the same text is checked once per pack (every rule of a product repeats its
    /// $Target/…$ expressions). The findings name each place's own element and node.
    /// </summary>
    private sealed class ExpressionFindings : Dictionary<(string Text, int Expected, bool InOverride), (FindingCode Code, string Message)[]>;

    /// <summary>The manifest references: sealed, version, key token, one alias per pack.</summary>
    public static void CheckManifest(VerificationContext context, PackEntry pack)
    {
        var set = context.Set;
        var byPack = new Dictionary<string, string>(StringComparer.Ordinal);
        var xmlRefs = pack.Document.Xml.Root!.Element("Manifest")?.Element("References")?.Elements("Reference").ToList() ?? [];
        foreach (var r in pack.Document.References)
        {
            var at = xmlRefs.FirstOrDefault(x => x.Attribute("Alias")?.Value == r.Alias);
            if (string.Equals(r.ManagementPackId, pack.Id, StringComparison.Ordinal))
            {
                context.Report(Codes.SelfReference, pack, null, at, $"reference '{r.Alias}' is to the pack itself");
                continue;
            }
            if (!byPack.TryAdd(r.ManagementPackId, r.Alias))
                context.Report(Codes.DuplicateReference, pack, null, at, $"aliases '{byPack[r.ManagementPackId]}' and '{r.Alias}' both reference {r.ManagementPackId}; use one");

            context.DeclareToken(r.ManagementPackId, r.PublicKeyToken, pack, at);
            if (set.Input(r.ManagementPackId) is { } input)
            {
                if (!input.IsSealed)
                    context.Report(Codes.UnsealedReference, pack, null, at,
                        $"reference '{r.Alias}': {r.ManagementPackId} is unsealed (only sealed packs can be referenced; seal it, or verify it as a pack the build seals)");
                if (input.Version < r.Version)
                    context.Report(Codes.ReferenceVersionTooHigh, pack, null, at,
                        $"reference '{r.Alias}' asks for {r.ManagementPackId} {r.Version}, but the pack verified with it is {input.Version}");
                if (input.KeyToken is { } token && !PackSet.TokenEquals(token, r.PublicKeyToken))
                    context.Report(Codes.KeyTokenMismatch, pack, null, at,
                        $"reference '{r.Alias}' declares key token {r.PublicKeyToken}, but {r.ManagementPackId} {(input.Input?.IsSealed == true ? "is sealed" : "will be sealed")} with {token}");
                continue;
            }
            var strict = context.Options.StrictReferences;
            if (strict && Libraries.AlwaysUnsealed.Contains(r.ManagementPackId, StringComparer.Ordinal))
            {
                context.Report(Codes.ReferenceNotInGroup, pack, null, at,
                    $"reference '{r.Alias}': {r.ManagementPackId} is unsealed in every management group, and only sealed management packs can be referenced (ManagementPackCollectionUnsealedMPCannotBeReferenced)");
                continue;
            }
            if (set.ResolvePack(r) is not null) continue;
            var candidates = set.LibraryCandidates(r.ManagementPackId);
            var sameKey = candidates.Where(c => c.KeyToken is null || PackSet.TokenEquals(c.KeyToken, r.PublicKeyToken)).ToList();
            if (candidates.Count > 0 && sameKey.Count == 0)
                context.Report(Codes.KeyTokenMismatch, pack, null, at,
                    $"reference '{r.Alias}' declares key token {r.PublicKeyToken}, but {r.ManagementPackId} is sealed with {candidates[0].KeyToken}");
            else if (strict)
                context.Report(Codes.ReferenceNotInGroup, pack, null, at,
                    $"reference '{r.Alias}': could not load management pack [ID={r.ManagementPackId}, KeyToken={r.PublicKeyToken}, Version={r.Version}]. "
                    + (sameKey.Count > 0
                        ? $"Version mismatch: version {r.Version} was requested but the group has {string.Join(", ", sameKey.Select(c => c.Version.ToString()).Distinct())}."
                        : "The management pack was not found in the store."));
            else if (sameKey.Count > 0)
                context.Report(Codes.ReferenceNotAvailable, pack, null, at,
                    $"reference '{r.Alias}' asks for {r.ManagementPackId} {r.Version}; only {string.Join(", ", sameKey.Select(c => c.Version.ToString()).Distinct())} is available, so references into it are not checked");
            else
                context.Report(Codes.ReferenceNotAvailable, pack, null, at,
                    $"reference '{r.Alias}': {r.ManagementPackId} {r.Version} is not in {(set.HasReferenceFolders ? "the references folders or " : "")}the built-in catalog, so references into it are not checked{(set.HasReferenceFolders ? "" : " (use --references)")}");
        }
    }

    /// <summary>Checks the references in <paramref name="top"/> and its subtree: an explicit stack in document order, not recursion.</summary>
    private static void Walk(VerificationContext context, PackEntry pack, XElement top, ExpressionFindings expressions)
    {
        var pending = new List<XNode> { top };
        while (pending.Count > 0)
        {
            var next = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            switch (next)
            {
                case XElement element:
                    // configuration schemas (xsd:…) are definitions, not references
                    if (element.Name.NamespaceName == Catalog.BuiltInCatalog.XmlSchemaNamespace) continue;
                    for (var attribute = element.FirstAttribute; attribute is not null; attribute = attribute.NextAttribute)
                    {
                        if (attribute.IsNamespaceDeclaration) continue;
                        if (IsPath(element, attribute.Name.LocalName))
                        {
                            // a dashboard component's override context is a path, /Alias!ID/Alias!ID/…/, of components
                            foreach (var step in attribute.Value.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                                Check(context, pack, step, [], attribute, attribute.Name.LocalName);
                        }
                        else if (ExpectedKinds(element, attribute.Name.LocalName) is { } kinds)
                            Check(context, pack, attribute.Value, kinds, attribute, attribute.Name.LocalName);
                        Expressions(context, pack, attribute.Value, attribute, expressions);
                    }
                    if (ExpectedTextKinds(element) is { } textKinds)
                        Check(context, pack, element.Value, textKinds, element, element.Name.LocalName);
                    // forwards, then reversed so that the first child is on top (PreviousNode walks the
                    // whole sibling list: backwards would be quadratic in a section of 10,000 rules)
                    var first = pending.Count;
                    for (var node = element.FirstNode; node is not null; node = node.NextNode)
                        if (node is XElement or XText) pending.Add(node);
                    pending.Reverse(first, pending.Count - first);
                    break;
                case XText text:
                    Expressions(context, pack, text.Value, text, expressions);
                    break;
            }
        }
    }

    /// <summary>
    /// True for an attribute that holds a path of references rather than one: the <c>Context</c> of a
    /// schema 2.0 <c>ComponentOverride</c> (<c>/Alias!ID/Alias!ID/</c>; the leading slash is path syntax).
    /// </summary>
    private static bool IsPath(XElement element, string attribute) =>
        attribute == "Context" && element.Name.LocalName == "ComponentOverride";

    /// <summary>Which element kinds an attribute of an element must reference; null when it is not a reference.</summary>
    private static string[]? ExpectedKinds(XElement element, string attribute)
    {
        var name = element.Name.LocalName;
        if (attribute == "RunAs") return ["SecureReference"];
        if (name.EndsWith("Override", StringComparison.Ordinal))
        {
            return attribute switch
            {
                "Context" => Targetable,
                "Monitor" => Monitors,
                "Rule" => ["Rule"],
                "Discovery" => ["Discovery"],
                "Diagnostic" => ["Diagnostic"],
                "Recovery" => ["Recovery"],
                "SecureReference" => ["SecureReference"],
                _ => null,
            };
        }
        return (name, attribute) switch
        {
            ("ClassType", "Base") => ["ClassType"],
            ("RelationshipType", "Base") => ["RelationshipType"],
            ("Source" or "Target", "Type") when element.Parent?.Name.LocalName == "RelationshipType" => ["ClassType"],
            ("Discovery" or "Rule" or "Task" or "UnitMonitor" or "AggregateMonitor" or "DependencyMonitor" or "Diagnostic" or "Recovery" or "View" or "ConsoleTask", "Target") => Targetable,
            ("UnitMonitor", "TypeID") => ["UnitMonitorType"],
            ("UnitMonitor" or "AggregateMonitor" or "DependencyMonitor", "ParentMonitorID") => ["AggregateMonitor", "DependencyMonitor"],
            ("DependencyMonitor", "RelationshipType") => ["RelationshipType"],
            ("DependencyMonitor", "MemberMonitor") => Monitors,
            ("Diagnostic" or "Recovery", "Monitor") => Monitors,
            ("AlertSettings", "AlertMessage") => ["StringResource"],
            ("DataSource" or "ProbeAction" or "ConditionDetection" or "WriteAction", "TypeID") when element.Attribute("ID") is not null =>
                [TypeFacts.ModuleTypeKindFor(name)!],
            ("DiscoveryClass", "TypeID") => ["ClassType"],
            ("DiscoveryRelationship", "TypeID") => ["RelationshipType"],
            ("Property", "TypeID") when element.Parent?.Name.LocalName == "DiscoveryClass" => ["ClassType"],
            ("View", "TypeID") => ["ViewType"],
            ("Folder", "ParentFolder") => ["Folder"],
            ("FolderItem", "Folder") => ["Folder"],
            ("FolderItem" or "ImageReference", "ElementID") => [],
            ("ImageReference", "ImageID") => ["Image"],
            ("SecureReference", "Context") => Targetable,
            ("TypeProjection", "Type") => ["ClassType"],
            ("EnumerationValue", "Parent") => ["EnumerationValue"],
            ("Category", "Target") when element.Parent?.Name.LocalName == "Categories" => [],
            _ => null,
        };
    }

    /// <summary>Which element kinds the text of an element must reference; null when it is not a reference.</summary>
    private static string[]? ExpectedTextKinds(XElement element)
    {
        var parent = element.Parent?.Name.LocalName;
        return (element.Name.LocalName, parent) switch
        {
            ("OutputType" or "InputType", _) when parent is not null && (parent.EndsWith("ModuleType", StringComparison.Ordinal) || parent == "InputTypes") => ["DataType"],
            ("SchemaType", "IncludeSchemaTypes") => ["SchemaType"],
            ("Source" or "Target", "RelationshipType") when !element.HasElements && element.Attribute("Type") is null => ["ClassType"],
            ("MemberMonitor", "DependencyMonitor") => Monitors,
            _ => null,
        };
    }

    /// <summary>Checks one reference; an empty <paramref name="kinds"/> accepts any kind.</summary>
    private static void Check(VerificationContext context, PackEntry pack, string value, string[] kinds, XObject at, string what)
    {
        var reference = value.Trim();
        if (reference.Length == 0) return;
        string? ElementId() => VerificationContext.ElementIdOf(at); // needed only to report
        var resolution = context.Set.Resolve(pack, reference);
        switch (resolution.Status)
        {
            case ResolutionStatus.UnknownAlias:
                context.Report(Codes.UnknownAlias, pack, ElementId(), at, $"{what} '{reference}': alias '{reference[..reference.IndexOf('!')]}' is not declared in the manifest");
                return;
            case ResolutionStatus.NotChecked:
                return;
            case ResolutionStatus.NotFound:
                if (context.Set.InNewerVersion(resolution.Pack!, reference[(reference.IndexOf('!') + 1)..]) is { } newer)
                {
                    context.Report(Codes.NewerThanReference, pack, ElementId(), at,
                        $"{what} '{reference}' is not in {resolution.Pack!.Id} {resolution.Pack.Version}, the oldest version the reference allows; it is in {newer.Version}: raise the reference's version");
                    return;
                }
                var missing = resolution.Pack == pack ? $"{what} '{reference}' is not an element of this pack" : $"{what} '{reference}' is not in {resolution.Pack!.Id} {resolution.Pack.Version}";
                if (InOverride(at))
                    context.Report(Codes.OverrideTargetMissing, pack, ElementId(), at, missing + "; the override has no effect");
                else
                    context.Report(Codes.ElementNotFound, pack, ElementId(), at, missing);
                return;
        }
        var element = resolution.Element!;
        if (kinds.Length > 0 && !kinds.Contains(element.Kind))
            context.Report(Codes.WrongKind, pack, ElementId(), at, $"{what} '{reference}' is a {element.Kind}, not a {string.Join(" or ", kinds)}");
        if (resolution.Pack != pack && string.Equals(element.Accessibility, "Internal", StringComparison.Ordinal))
            context.Report(Codes.NotAccessible, pack, ElementId(), at, $"{what} '{reference}' is Internal in {resolution.Pack!.Id}; only public elements can be used from another pack");
    }

    /// <summary>
    /// What a configuration element whose whole value is one $MPElement[Name="…"]$ must name, by the
    /// element's name (the library modules kmp uses: discovery, group population, alerts, event views).
    /// </summary>
    private static string[] ExpectedByConfiguration(XObject at) => ExpectedByPlace[ExpectedByConfigurationIndex(at)];

    private static readonly string[][] ExpectedByPlace = [[], ["ClassType"], ["RelationshipType"], ["StringResource"], ["Rule"]];

    private static int ExpectedByConfigurationIndex(XObject at)
    {
        if (at is not XText { Parent: { } parent } || parent.Parent is null) return 0;
        return (parent.Name.LocalName, parent.Parent.Name.LocalName) switch
        {
            ("ClassId" or "GroupInstanceId" or "MonitoringClass" or "GroupMonitoringClass", _) => 1,
            ("RelationshipClass", _) => 2,
            ("AlertMessageId", _) => 3,
            ("Rule", "RuleList") => 4,
            _ => 0,
        };
    }

    /// <summary>True for a node in an override (an attribute of one, or the text of one's child), where a missing target is <see cref="Codes.OverrideTargetMissing"/>.</summary>
    private static bool InOverride(XObject at) =>
        at.Parent?.Name.LocalName.EndsWith("Override", StringComparison.Ordinal) == true || (at as XElement)?.Name.LocalName.EndsWith("Override", StringComparison.Ordinal) == true;

    /// <summary>The $MPElement[Name="…"]$ and $Target/…/Property[Type="…"]/P$ expressions in a text or attribute, each text checked once per pack.</summary>
    private static void Expressions(VerificationContext context, PackEntry pack, string text, XObject at, ExpressionFindings known)
    {
        // both patterns start with a literal: most texts with a $ are $Data/…$ and need no regex
        if (!text.Contains("$MPElement[", StringComparison.Ordinal) && !text.Contains("$Target/", StringComparison.Ordinal)) return;
        var key = (text, ExpectedByConfigurationIndex(at), InOverride(at));
        if (!known.TryGetValue(key, out var findings))
        {
            var reported = new List<Reported>();
            Expressions(context.ReportingInto(reported), pack, text, at);
            known[key] = findings = [.. reported.Select(r => (r.Code, r.Message))];
        }
        // every finding of an expression is about the node it is in and that node's element
        foreach (var (code, message) in findings) context.Report(code, pack, VerificationContext.ElementIdOf(at), at, message);
    }

    private static void Expressions(VerificationContext context, PackEntry pack, string text, XObject at)
    {
        if (text.Contains("$MPElement[", StringComparison.Ordinal))
        {
            foreach (Match m in MPElementExpression().Matches(text))
            {
                var name = m.Groups[1].Value;
                if (name.Length == 0)
                {
                    context.Report(Codes.InvalidExpression, pack, VerificationContext.ElementIdOf(at), at, $"'{m.Value}' names no element");
                    continue;
                }
                var whole = !m.Groups[2].Success && m.Value.Length == text.Trim().Length;
                Check(context, pack, name, whole ? ExpectedByConfiguration(at) : [], at, "$MPElement$");
                if (m.Groups[2].Success) Property(context, pack, name, m.Groups[2].Value, at, m.Value);
            }
        }
        if (text.Contains("$Target/", StringComparison.Ordinal))
        {
            foreach (Match m in TargetPropertyExpression().Matches(text))
            {
                Check(context, pack, m.Groups[2].Value, ["ClassType"], at, "$Target$ property type");
                Property(context, pack, m.Groups[2].Value, m.Groups[3].Value, at, m.Value);
            }
        }
    }

    /// <summary>
    /// In a workflow, <c>$Target/Host/…/Property[Type="X"]/P$</c> walks from the workflow's target up
    /// its hosts, one class per <c>/Host</c>; the class reached must be X or related to it
    /// (a wrong number of hops fails the import).
    /// </summary>
    private static void HostDepth(VerificationContext context, PackEntry pack, XElement workflow)
    {
        var targetReference = workflow.Attribute("Target")?.Value;
        var target = TypeFacts.Resolve(context.Set, pack, targetReference);
        if (target is not { Kind: "ClassType" } start || !TypeFacts.HierarchyComplete(context.Set, start)) return;
        foreach (var node in pack.Index.TargetTexts(workflow))
        {
            foreach (Match m in TargetPropertyExpression().Matches(node.Value))
            {
                // workflows with the same target use the same expressions: the walk up the hosts is done once
                // per pack (whose aliases the names resolve in), target and expression
                var problems = context.Set.Memo("host-depth", start.Element.Xml, $"{pack.Id}\n{targetReference}\n{m.Value}",
                    () => HostDepthProblems(context.Set, pack, start, targetReference, m));
                foreach (var problem in problems)
                    context.Report(Codes.HostDepth, pack, workflow.Attribute("ID")?.Value, node.Parent, problem);
            }
        }
    }

    /// <summary>What is wrong with one <c>$Target/Host/…/Property[Type="X"]/P$</c> of a workflow targeting <paramref name="start"/>.</summary>
    private static List<string> HostDepthProblems(PackSet set, PackEntry pack, Owned start, string? targetReference, Match m)
    {
        var problems = new List<string>();
        var hops = m.Groups[1].Value.Length / "/Host".Length;
        if (TypeFacts.Resolve(set, pack, m.Groups[2].Value) is not { Kind: "ClassType" } named) return problems;
        Owned? reached = start;
        for (var i = 0; i < hops && reached is { } r; i++)
        {
            var (found, host) = TypeFacts.Hosting(set, r);
            if (!found && !TypeFacts.IsHosted(set, r))
                problems.Add($"{m.Value}: {r.Id} is not hosted, so it has no /Host (the workflow targets {targetReference})");
            reached = host; // null when the host is not known: nothing more to say
            if (host is null) break;
        }
        if (reached is not { } end) return problems;
        if (TypeFacts.DerivesFrom(set, end, named) || TypeFacts.DerivesFrom(set, named, end)) return problems;
        problems.Add($"{m.Value}: with {hops} /Host from {targetReference} the expression reaches {end.Id}, which is not a {m.Groups[2].Value}");
        return problems;
    }

    /// <summary>A property named on a class in an expression must be declared by the class or its bases.</summary>
    private static void Property(VerificationContext context, PackEntry pack, string typeReference, string propertyId, XObject at, string expression)
    {
        if (TypeFacts.Resolve(context.Set, pack, typeReference) is not { } type) return;
        if (type.Kind is not ("ClassType" or "RelationshipType")) return;
        if (TypeFacts.DeclaringType(context.Set, type, propertyId) is not null) return;
        if (!TypeFacts.HierarchyComplete(context.Set, type)) return; // a base is not available: cannot tell
        context.Report(Codes.PropertyNotFound, pack, VerificationContext.ElementIdOf(at), at,
            $"{expression}: {typeReference} and its base classes declare no property '{propertyId}'");
    }
}
