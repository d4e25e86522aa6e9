using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kmp.ManagementPacks;

namespace Kmp.Verification.Checks;

/// <summary>
/// Layer 1, built in: file name, section and child order, ID syntax and the one ID space of MP ID,
/// element IDs and aliases, unique sub-element IDs, and the differences between schema 1.0 and 1.1/2.0.
/// </summary>
internal static partial class StructureChecks
{
    [GeneratedRegex("^[0-9A-Fa-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    public static void Run(VerificationContext context, PackEntry pack)
    {
        var doc = pack.Document;
        var root = doc.Xml.Root!;
        var schema = SchemaVersions.Of(doc.SchemaVersion);

        if (context.Options.CheckFileNames && pack.File is { } file)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!string.Equals(name, doc.Id, StringComparison.OrdinalIgnoreCase))
                context.Report(Codes.FileNameNotId, pack, null, null, $"file name '{Path.GetFileName(file)}' does not match the MP ID; SCOM requires '{doc.Id}{Path.GetExtension(file)}'");
        }

        CheckOrder(context, pack, root, "", schema);
        CheckIds(context, pack, root);
        CheckSchemaDifferences(context, pack, root, schema);
        foreach (var element in doc.Elements) CheckElement(context, pack, element.Xml);
    }

    /// <summary>Walks the fixed containers and checks the order and the allowed names of their children.</summary>
    private static void CheckOrder(VerificationContext context, PackEntry pack, XElement container, string path, MpSchema schema)
    {
        var order = SchemaVersions.ContainerOrder(path, schema);
        if (order is null) return;
        var highest = -1;
        string? highestName = null;
        foreach (var child in container.Elements())
        {
            var name = child.Name.LocalName;
            var index = IndexOf(order, name);
            if (index < 0)
            {
                var elsewhere = Enum.GetValues<MpSchema>().Where(s => s != schema && (SchemaVersions.ContainerOrder(path, s)?.Contains(name) ?? false)).ToList();
                var where = path.Length == 0 ? "<ManagementPack>" : $"<{path.Split('/')[^1]}>";
                var message = elsewhere.Count > 0
                    ? $"<{name}> is not allowed in {where} of a schema {schema.Name()} pack (it exists in schema {string.Join(" and ", elsewhere.Select(s => s.Name()))})"
                    : $"<{name}> is not allowed in {where}; allowed, in this order: {string.Join(", ", order)}";
                context.Report(Codes.NotInSchemaVersion, pack, VerificationContext.ElementIdOf(child), child, message);
                continue;
            }
            if (index < highest)
                context.Report(Codes.SectionOrder, pack, VerificationContext.ElementIdOf(child), child, $"<{name}> must come before <{highestName}>");
            else
            {
                highest = index;
                highestName = name;
            }
            var childPath = path.Length == 0 ? name : path + "/" + name;
            CheckOrder(context, pack, child, childPath, schema);
            if (childPath == "LanguagePacks")
            {
                foreach (var lp in child.Elements("LanguagePack")) CheckOrder(context, pack, lp, "LanguagePacks/LanguagePack", schema);
            }
        }
    }

    private static int IndexOf(IReadOnlyList<string> order, string name)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == name) return i;
        }
        return -1;
    }

    /// <summary>The child order of workflow and type elements; unique sub-element IDs.</summary>
    private static void CheckElement(VerificationContext context, PackEntry pack, XElement element)
    {
        var kind = element.Name.LocalName;
        var id = element.Attribute("ID")?.Value;
        if (SchemaVersions.ElementOrder(kind) is { } order) CheckChildOrder(context, pack, id, element, order);
        if (kind == "UnitMonitor" && element.Element("AlertSettings") is { } alert)
            CheckChildOrder(context, pack, id, alert, ["AlertOnState", "AutoResolve", "AlertPriority", "AlertSeverity", "AlertParameters"]);

        switch (kind)
        {
            case "ClassType" or "RelationshipType":
                UniqueIds(context, pack, id, element.Elements("Property"), "property");
                break;
            case "UnitMonitor":
                UniqueIds(context, pack, id, element.Element("OperationalStates")?.Elements("OperationalState") ?? [], "operational state");
                break;
            case "UnitMonitorType":
                UniqueIds(context, pack, id, element.Element("MonitorTypeStates")?.Elements("MonitorTypeState") ?? [], "monitor type state");
                UniqueIds(context, pack, id, element.Element("MonitorImplementation")?.Element("MemberModules")?.Elements() ?? [], "member module");
                break;
            case "Rule":
                UniqueIds(context, pack, id, (element.Element("DataSources")?.Elements() ?? []).Concat(element.Elements("ConditionDetection")).Concat(element.Element("WriteActions")?.Elements() ?? []), "module");
                break;
            case "DataSourceModuleType" or "ProbeActionModuleType" or "ConditionDetectionModuleType" or "WriteActionModuleType":
                UniqueIds(context, pack, id, element.Element("ModuleImplementation")?.Element("Composite")?.Element("MemberModules")?.Elements() ?? [], "member module");
                UniqueIds(context, pack, id, element.Element("OverrideableParameters")?.Elements() ?? [], "overrideable parameter");
                break;
        }
        if (kind is "Rule" or "Discovery" && element.Element("Category") is null)
            context.Report(Codes.RequiredChildMissing, pack, id, element, $"<{kind}> has no <Category>");
    }

    private static void CheckChildOrder(VerificationContext context, PackEntry pack, string? id, XElement element, IReadOnlyList<string> order)
    {
        var highest = -1;
        string? highestName = null;
        foreach (var child in element.Elements())
        {
            var index = IndexOf(order, child.Name.LocalName);
            if (index < 0) continue; // unknown children are the XSD layer's business
            if (index < highest)
                context.Report(Codes.SectionOrder, pack, id, child, $"<{child.Name.LocalName}> must come before <{highestName}> in <{element.Name.LocalName}>");
            else
            {
                highest = index;
                highestName = child.Name.LocalName;
            }
        }
    }

    private static void UniqueIds(VerificationContext context, PackEntry pack, string? elementId, IEnumerable<XElement> children, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            var id = child.Attribute("ID")?.Value;
            if (id is null) continue;
            if (Identifiers.ProblemWithLocalId(id) is { } problem)
                context.Report(Codes.InvalidSubElementId, pack, elementId, child, $"{what} ID '{id}' {problem}");
            if (!seen.Add(id))
                context.Report(Codes.DuplicateSubElementId, pack, elementId, child, $"{what} ID '{id}' is used twice");
        }
    }

    /// <summary>ID syntax and the one ID space of MP ID, element IDs and aliases.</summary>
    private static void CheckIds(VerificationContext context, PackEntry pack, XElement root)
    {
        var doc = pack.Document;
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var identity = root.Element("Manifest")?.Element("Identity")?.Element("ID");
        if (Identifiers.ProblemWithElementId(doc.Id) is { } idProblem)
            context.Report(Codes.InvalidId, pack, null, identity, $"MP ID '{doc.Id}' {idProblem}");
        owners[doc.Id] = "the MP ID";

        var referencedPacks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in doc.References)
        {
            var at = root.Element("Manifest")?.Element("References")?.Elements("Reference").FirstOrDefault(x => x.Attribute("Alias")?.Value == r.Alias);
            if (Identifiers.ProblemWithElementId(r.Alias) is { } problem)
                context.Report(Codes.InvalidId, pack, null, at, $"alias '{r.Alias}' {problem}");
            if (!owners.TryAdd(r.Alias, $"the alias of {r.ManagementPackId}"))
                context.Report(Codes.DuplicateId, pack, null, at, $"alias '{r.Alias}' is already used as {owners[r.Alias]}");
            if (!TokenPattern().IsMatch(r.PublicKeyToken))
                context.Report(Codes.InvalidKeyToken, pack, null, at, $"reference '{r.Alias}' has public key token '{r.PublicKeyToken}' (16 hex digits expected)");
        }

        foreach (var e in doc.Elements)
        {
            if (e.Kind == "FolderItem") continue; // its ID is a plain string name (schema 2.0), outside the ID space
            if (Identifiers.ProblemWithElementId(e.Id) is { } problem)
                context.Report(Codes.InvalidId, pack, e.Id, e.Xml, $"{e.Kind} ID '{e.Id}' {problem}");
            if (!owners.TryAdd(e.Id, $"a {e.Kind}"))
                context.Report(Codes.DuplicateId, pack, e.Id, e.Xml, $"ID '{e.Id}' of this {e.Kind} is already used as {owners[e.Id]}");
        }
    }

    /// <summary>What schema 1.0 and 1.1/2.0 write differently, in a pack of the other schema.</summary>
    private static void CheckSchemaDifferences(VerificationContext context, PackEntry pack, XElement root, MpSchema schema)
    {
        var v1 = schema == MpSchema.V10;
        var name = schema.Name();
        var entityTypes = root.Element("TypeDefinitions")?.Element("EntityTypes");
        foreach (var c in entityTypes?.Element("ClassTypes")?.Elements("ClassType") ?? [])
        {
            var id = c.Attribute("ID")?.Value;
            if (v1 && c.Attribute("Abstract") is null)
                context.Report(Codes.NotInSchemaVersion, pack, id, c, "ClassType needs the Abstract attribute in schema 1.0");
            foreach (var p in c.Elements("Property"))
            {
                var wrong = v1 ? p.Attribute("MaxLength") : p.Attribute("Length");
                if (wrong is not null)
                    context.Report(Codes.NotInSchemaVersion, pack, id, wrong, $"property '{p.Attribute("ID")?.Value}': attribute {wrong.Name.LocalName} is not allowed in schema {name} (use {(v1 ? "Length" : "MaxLength")})");
            }
        }
        foreach (var r in entityTypes?.Element("RelationshipTypes")?.Elements("RelationshipType") ?? [])
        {
            var id = r.Attribute("ID")?.Value;
            foreach (var end in r.Elements().Where(e => e.Name.LocalName is "Source" or "Target"))
            {
                var attributeForm = end.Attribute("Type") is not null || end.Attribute("ID") is not null;
                var textForm = end.Value.Trim().Length > 0;
                if (v1 && attributeForm)
                    context.Report(Codes.NotInSchemaVersion, pack, id, end, $"<{end.Name.LocalName} ID=… Type=…/> is the schema 2.0 form; schema 1.0 writes <{end.Name.LocalName}>ClassId</{end.Name.LocalName}>");
                else if (!v1 && (textForm || end.Attribute("Type") is null))
                    context.Report(Codes.NotInSchemaVersion, pack, id, end, $"<{end.Name.LocalName}>ClassId</{end.Name.LocalName}> is the schema 1.0 form; schema {name} writes <{end.Name.LocalName} ID=\"{end.Name.LocalName}\" Type=\"ClassId\"/>");
            }
        }
        foreach (var item in root.Element("Presentation")?.Element("FolderItems")?.Elements("FolderItem") ?? [])
        {
            var hasId = item.Attribute("ID") is not null;
            if (v1 && hasId)
                context.Report(Codes.NotInSchemaVersion, pack, item.Attribute("ID")!.Value, item, "FolderItem ID is not allowed in schema 1.0");
            else if (!v1 && !hasId)
                context.Report(Codes.NotInSchemaVersion, pack, item.Attribute("ElementID")?.Value, item, $"FolderItem needs an ID in schema {name}");
        }
    }
}
