using System.Globalization;
using System.Text;

namespace Kmp.ManagementPacks.Xml;

/// <summary>
/// Writes a <see cref="ManagementPack"/> as MP XML for one schema target, in the section and child
/// order of the MP schema. The output is a pure function of the pack and
/// the target: same input, same bytes.
/// </summary>
public static class ManagementPackXmlWriter
{
    private const string XsdNamespace = "http://www.w3.org/2001/XMLSchema";
    private const string MamlNamespace = "http://schemas.microsoft.com/maml/2004/10";

    /// <summary>UTF-8 bytes without BOM, with an XML declaration, LF line ends.</summary>
    public static byte[] WriteUtf8(ManagementPack pack, SchemaTarget target)
    {
        using var output = WriteChunks(pack, target);
        return output.ToArray();
    }

    /// <summary>The XML text (as <see cref="WriteUtf8"/> writes it, decoded).</summary>
    public static string Write(ManagementPack pack, SchemaTarget target)
    {
        using var output = WriteChunks(pack, target);
        return output.ToUtf8String();
    }

    private static Utf8PackXmlWriter WriteChunks(ManagementPack pack, SchemaTarget target)
    {
        var output = new Utf8PackXmlWriter();
        try
        {
            Write(output, pack, target);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private static void Write(Utf8PackXmlWriter w, ManagementPack pack, SchemaTarget target)
    {
        var v2 = target == SchemaTarget.Scom2012;
        w.WriteStartDocument();
        w.WriteStartElement("ManagementPack");
        w.WriteAttributeString("ContentReadable", "true");
        if (target.SchemaVersion() is { } schemaVersion) w.WriteAttributeString("SchemaVersion", schemaVersion);
        w.WriteAttributeString("xmlns", "xsd", null, XsdNamespace);

        WriteManifest(w, pack, target);
        var sections = new Sections(pack);
        WriteTypeDefinitions(w, sections, v2);
        WriteMonitoring(w, sections);
        WritePresentation(w, sections, v2);
        WriteLanguagePacks(w, pack);

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteManifest(Utf8PackXmlWriter w, ManagementPack pack, SchemaTarget target)
    {
        w.WriteStartElement("Manifest");
        w.WriteStartElement("Identity");
        w.WriteElementString("ID", pack.Id);
        w.WriteElementString("Version", pack.Version.ToString(4));
        w.WriteEndElement();
        w.WriteElementString("Name", pack.Name);
        w.WriteStartElement("References");
        foreach (var r in pack.References)
        {
            w.WriteStartElement("Reference");
            w.WriteAttributeString("Alias", r.Alias);
            w.WriteElementString("ID", r.ManagementPackId);
            w.WriteElementString("Version", r.VersionFor(target).ToString(4));
            w.WriteElementString("PublicKeyToken", r.PublicKeyToken);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>The elements of each section, in the order added: one pass over the pack's elements rather than one per kind.</summary>
    private sealed class Sections
    {
        public readonly List<ClassType> Classes = [];
        public readonly List<RelationshipType> Relationships = [];
        public readonly List<DataSourceModuleType> ModuleTypes = [];
        public readonly List<UnitMonitorType> MonitorTypes = [];
        public readonly List<Discovery> Discoveries = [];
        public readonly List<Rule> Rules = [];
        public readonly List<AgentTask> Tasks = [];
        public readonly List<IManagementPackElement> UnitMonitors = [];
        public readonly List<IManagementPackElement> DependencyMonitors = [];
        public readonly List<IManagementPackElement> Overrides = [];
        public readonly List<View> Views = [];
        public readonly List<Folder> Folders = [];
        public readonly List<FolderItem> FolderItems = [];
        public readonly List<StringResource> Strings = [];

        public Sections(ManagementPack pack)
        {
            foreach (var e in pack.Elements)
            {
                switch (e)
                {
                    case ClassType c: Classes.Add(c); break;
                    case RelationshipType r: Relationships.Add(r); break;
                    case DataSourceModuleType m: ModuleTypes.Add(m); break;
                    case UnitMonitorType m: MonitorTypes.Add(m); break;
                    case Discovery d: Discoveries.Add(d); break;
                    case Rule r: Rules.Add(r); break;
                    case AgentTask t: Tasks.Add(t); break;
                    case UnitMonitor m: UnitMonitors.Add(m); break;
                    case DependencyMonitor m: DependencyMonitors.Add(m); break;
                    case MonitorPropertyOverride or RulePropertyOverride or MonitorConfigurationOverride: Overrides.Add(e); break;
                    case View v: Views.Add(v); break;
                    case Folder f: Folders.Add(f); break;
                    case FolderItem i: FolderItems.Add(i); break;
                    case StringResource r: Strings.Add(r); break;
                }
            }
        }
    }

    private static void WriteTypeDefinitions(Utf8PackXmlWriter w, Sections pack, bool v2)
    {
        var classes = pack.Classes;
        var relationships = pack.Relationships;
        var moduleTypes = pack.ModuleTypes;
        var monitorTypes = pack.MonitorTypes;
        var hasEntities = classes.Count + relationships.Count > 0;
        if (!hasEntities && moduleTypes.Count == 0 && monitorTypes.Count == 0) return;
        var writer = new ElementWriter(w, v2);
        w.WriteStartElement("TypeDefinitions");
        if (hasEntities)
        {
            w.WriteStartElement("EntityTypes");
            Section(w, "ClassTypes", classes, writer);
            Section(w, "RelationshipTypes", relationships, writer);
            w.WriteEndElement();
        }
        Section(w, "ModuleTypes", moduleTypes, writer);
        Section(w, "MonitorTypes", monitorTypes, writer);
        w.WriteEndElement();
    }

    private static void WriteClass(Utf8PackXmlWriter w, ClassType c, bool v2)
    {
        w.WriteStartElement("ClassType");
        w.WriteAttributeString("ID", c.Id);
        w.WriteAttributeString("Accessibility", c.Accessibility.ToString());
        w.WriteAttributeString("Abstract", Bool(c.Abstract));
        w.WriteAttributeString("Base", c.Base.Reference);
        w.WriteAttributeString("Hosted", Bool(c.Hosted));
        w.WriteAttributeString("Singleton", Bool(c.Singleton));
        foreach (var p in c.Properties)
        {
            w.WriteStartElement("Property");
            w.WriteAttributeString("ID", p.Id);
            w.WriteAttributeString("Type", p.Type.Xml());
            w.WriteAttributeString("Key", Bool(p.Key));
            if (p.Length is { } length) w.WriteAttributeString(v2 ? "MaxLength" : "Length", Number(length));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void WriteRelationship(Utf8PackXmlWriter w, RelationshipType r, bool v2)
    {
        w.WriteStartElement("RelationshipType");
        w.WriteAttributeString("ID", r.Id);
        w.WriteAttributeString("Accessibility", r.Accessibility.ToString());
        w.WriteAttributeString("Abstract", Bool(r.Abstract));
        w.WriteAttributeString("Base", r.Base.Reference);
        foreach (var (name, type) in new[] { ("Source", r.Source), ("Target", r.Target) })
        {
            if (v2)
            {
                w.WriteStartElement(name);
                w.WriteAttributeString("ID", name);
                w.WriteAttributeString("Type", type.Reference);
                w.WriteEndElement();
            }
            else
            {
                w.WriteElementString(name, type.ToString());
            }
        }
        w.WriteEndElement();
    }

    private static void WriteDataSourceModuleType(Utf8PackXmlWriter w, DataSourceModuleType m)
    {
        w.WriteStartElement("DataSourceModuleType");
        w.WriteAttributeString("ID", m.Id);
        w.WriteAttributeString("Accessibility", m.Accessibility.ToString());
        w.WriteAttributeString("Batching", Bool(m.Batching));
        WriteConfigurationSchema(w, m.Configuration);
        WriteOverrideableParameters(w, m.OverrideableParameters);
        w.WriteStartElement("ModuleImplementation");
        w.WriteAttributeString("Isolation", "Any");
        w.WriteStartElement("Composite");
        WriteMemberModules(w, m.MemberModules);
        w.WriteStartElement("Composition");
        WriteNode(w, m.Composition);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteElementString("OutputType", m.OutputType.ToString());
        w.WriteEndElement();
    }

    private static void WriteUnitMonitorType(Utf8PackXmlWriter w, UnitMonitorType m)
    {
        w.WriteStartElement("UnitMonitorType");
        w.WriteAttributeString("ID", m.Id);
        w.WriteAttributeString("Accessibility", m.Accessibility.ToString());
        w.WriteStartElement("MonitorTypeStates");
        foreach (var state in m.MonitorTypeStates)
        {
            w.WriteStartElement("MonitorTypeState");
            w.WriteAttributeString("ID", state);
            w.WriteAttributeString("NoDetection", "false");
            w.WriteEndElement();
        }
        w.WriteEndElement();
        WriteConfigurationSchema(w, m.Configuration);
        WriteOverrideableParameters(w, m.OverrideableParameters);
        w.WriteStartElement("MonitorImplementation");
        WriteMemberModules(w, m.MemberModules);
        w.WriteStartElement("RegularDetections");
        foreach (var d in m.RegularDetections)
        {
            w.WriteStartElement("RegularDetection");
            w.WriteAttributeString("MonitorTypeStateID", d.MonitorTypeStateId);
            WriteNode(w, d.Node);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        Section(w, "OnDemandDetections", m.OnDemandDetections, d =>
        {
            w.WriteStartElement("OnDemandDetection");
            w.WriteAttributeString("MonitorTypeStateID", d.MonitorTypeStateId);
            WriteNode(w, d.Node);
            w.WriteEndElement();
        });
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteConfigurationSchema(Utf8PackXmlWriter w, IReadOnlyList<ConfigurationParameter> parameters)
    {
        w.WriteStartElement("Configuration");
        foreach (var p in parameters)
        {
            w.WriteStartElement("xsd", "element", XsdNamespace);
            if (p.Optional) w.WriteAttributeString("minOccurs", "0");
            w.WriteAttributeString("name", p.Name);
            w.WriteAttributeString("type", p.XsdType);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void WriteOverrideableParameters(Utf8PackXmlWriter w, IReadOnlyList<OverrideableParameter> parameters)
    {
        Section(w, "OverrideableParameters", parameters, p =>
        {
            w.WriteStartElement("OverrideableParameter");
            w.WriteAttributeString("ID", p.Id);
            w.WriteAttributeString("Selector", p.Selector);
            w.WriteAttributeString("ParameterType", p.ParameterType);
            w.WriteEndElement();
        });
    }

    private static void WriteMemberModules(Utf8PackXmlWriter w, IReadOnlyList<Module> modules)
    {
        w.WriteStartElement("MemberModules");
        foreach (var m in modules.OrderBy(m => m.Kind)) WriteModule(w, m);
        w.WriteEndElement();
    }

    private static void WriteNode(Utf8PackXmlWriter w, CompositionNode node)
    {
        w.WriteStartElement("Node");
        w.WriteAttributeString("ID", node.ModuleId);
        foreach (var input in node.Inputs) WriteNode(w, input);
        w.WriteEndElement();
    }

    private static void WriteModule(Utf8PackXmlWriter w, Module m, string? elementName = null)
    {
        w.WriteStartElement(elementName ?? m.Kind.ToString());
        w.WriteAttributeString("ID", m.Id);
        w.WriteAttributeString("TypeID", m.TypeId.Reference);
        WriteConfig(w, m.Configuration);
        w.WriteEndElement();
    }

    // Indexed loops: a foreach over an IReadOnlyList allocates an enumerator, here once per configuration element.
    private static void WriteConfig(Utf8PackXmlWriter w, IReadOnlyList<ConfigElement> elements)
    {
        for (var i = 0; i < elements.Count; i++) WriteConfig(w, elements[i]);
    }

    private static void WriteConfig(Utf8PackXmlWriter w, ConfigElement e)
    {
        w.WriteStartElement(e.Name);
        for (var i = 0; i < e.Attributes.Count; i++) w.WriteAttributeString(e.Attributes[i].Key, e.Attributes[i].Value);
        if (e.Text is not null)
        {
            if (e.CData) w.WriteCData(e.Text); // the writer splits the section at "]]>"
            else w.WriteString(e.Text);
        }
        WriteConfig(w, e.Children);
        w.WriteEndElement();
    }

    private static void WriteMonitoring(Utf8PackXmlWriter w, Sections pack)
    {
        var discoveries = pack.Discoveries;
        var rules = pack.Rules;
        // The schema's order within Monitors: unit monitors, then dependency monitors.
        IReadOnlyList<IManagementPackElement> monitors = [.. pack.UnitMonitors, .. pack.DependencyMonitors];
        var overrides = pack.Overrides;
        var tasks = pack.Tasks;
        if (discoveries.Count + rules.Count + tasks.Count + monitors.Count + overrides.Count == 0) return;
        var writer = new ElementWriter(w, v2: false);
        w.WriteStartElement("Monitoring");
        Section(w, "Discoveries", discoveries, writer);
        Section(w, "Rules", rules, writer);
        Section(w, "Tasks", tasks, writer);
        Section(w, "Monitors", monitors, writer);
        Section(w, "Overrides", overrides, writer);
        w.WriteEndElement();
    }

    private static void WriteDiscovery(Utf8PackXmlWriter w, Discovery d)
    {
        WriteWorkflowStart(w, "Discovery", d.Id, d.Enabled, d.Target, d.ConfirmDelivery, d.Remotable, d.Priority);
        w.WriteElementString("Category", nameof(MonitoringCategory.Discovery));
        w.WriteStartElement("DiscoveryTypes");
        foreach (var type in d.DiscoveryTypes)
        {
            switch (type)
            {
                case DiscoveryClass c:
                    w.WriteStartElement("DiscoveryClass");
                    w.WriteAttributeString("TypeID", c.TypeId.Reference);
                    foreach (var (typeId, propertyId) in c.Properties)
                    {
                        w.WriteStartElement("Property");
                        w.WriteAttributeString("TypeID", typeId.Reference);
                        w.WriteAttributeString("PropertyID", propertyId);
                        w.WriteEndElement();
                    }
                    w.WriteEndElement();
                    break;
                case DiscoveryRelationship r:
                    w.WriteStartElement("DiscoveryRelationship");
                    w.WriteAttributeString("TypeID", r.TypeId.Reference);
                    w.WriteEndElement();
                    break;
            }
        }
        w.WriteEndElement();
        WriteModule(w, d.DataSource, "DataSource");
        w.WriteEndElement();
    }

    /// <summary>The start tag of a discovery or rule: the attributes both have, in schema order.</summary>
    private static void WriteWorkflowStart(Utf8PackXmlWriter w, string element, string id, bool enabled, Ref<Kinds.Class> target, bool confirmDelivery, bool remotable, WorkflowPriority priority)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("ID", id);
        w.WriteAttributeString("Enabled", Bool(enabled));
        w.WriteAttributeString("Target", target.Reference);
        w.WriteAttributeString("ConfirmDelivery", Bool(confirmDelivery));
        w.WriteAttributeString("Remotable", Bool(remotable));
        w.WriteAttributeString("Priority", priority.ToString());
    }

    private static void WriteRule(Utf8PackXmlWriter w, Rule r)
    {
        WriteWorkflowStart(w, "Rule", r.Id, r.Enabled, r.Target, r.ConfirmDelivery, r.Remotable, r.Priority);
        w.WriteAttributeString("DiscardLevel", Number(r.DiscardLevel));
        w.WriteElementString("Category", r.Category.ToString());
        w.WriteStartElement("DataSources");
        foreach (var ds in r.DataSources) WriteModule(w, ds, "DataSource");
        w.WriteEndElement();
        if (r.ConditionDetection is { } cd) WriteModule(w, cd, "ConditionDetection");
        w.WriteStartElement("WriteActions");
        foreach (var wa in r.WriteActions) WriteModule(w, wa, "WriteAction");
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteUnitMonitor(Utf8PackXmlWriter w, UnitMonitor m)
    {
        WriteMonitorStart(w, "UnitMonitor", m.Id, m.Accessibility, m.Enabled, m.Target.Reference, m.ParentMonitorId.Reference, m.Remotable, m.Priority);
        w.WriteAttributeString("TypeID", m.TypeId.Reference);
        w.WriteAttributeString("ConfirmDelivery", Bool(m.ConfirmDelivery));
        w.WriteElementString("Category", m.Category.ToString());
        if (m.AlertSettings is { } a)
        {
            w.WriteStartElement("AlertSettings");
            w.WriteAttributeString("AlertMessage", a.AlertMessage.Reference);
            w.WriteElementString("AlertOnState", a.AlertOnState.ToString());
            w.WriteElementString("AutoResolve", Bool(a.AutoResolve));
            w.WriteElementString("AlertPriority", a.AlertPriority.ToString());
            w.WriteElementString("AlertSeverity", a.AlertSeverity.ToString());
            if (a.AlertParameters.Count > 0)
            {
                w.WriteStartElement("AlertParameters");
                for (var i = 0; i < a.AlertParameters.Count; i++)
                    w.WriteElementString("AlertParameter" + Number(i + 1), a.AlertParameters[i]);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteStartElement("OperationalStates");
        foreach (var s in m.OperationalStates)
        {
            w.WriteStartElement("OperationalState");
            w.WriteAttributeString("ID", s.Id);
            w.WriteAttributeString("MonitorTypeStateID", s.MonitorTypeStateId);
            w.WriteAttributeString("HealthState", s.HealthState.ToString());
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteStartElement("Configuration");
        WriteConfig(w, m.Configuration);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>The start tag and the attributes every kind of monitor shares, in the schema's order.</summary>
    private static void WriteMonitorStart(Utf8PackXmlWriter w, string element, string id, Accessibility accessibility, bool enabled, ElementReference target, ElementReference parentMonitor, bool remotable, WorkflowPriority priority)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("ID", id);
        w.WriteAttributeString("Accessibility", accessibility.ToString());
        w.WriteAttributeString("Enabled", Bool(enabled));
        w.WriteAttributeString("Target", target);
        w.WriteAttributeString("ParentMonitorID", parentMonitor);
        w.WriteAttributeString("Remotable", Bool(remotable));
        w.WriteAttributeString("Priority", priority.ToString());
    }

    private static void WriteTask(Utf8PackXmlWriter w, AgentTask t)
    {
        w.WriteStartElement("Task");
        w.WriteAttributeString("ID", t.Id);
        w.WriteAttributeString("Accessibility", t.Accessibility.ToString());
        w.WriteAttributeString("Enabled", Bool(t.Enabled));
        w.WriteAttributeString("Target", t.Target.Reference);
        w.WriteAttributeString("Timeout", Number(t.TimeoutSeconds));
        w.WriteAttributeString("Remotable", Bool(t.Remotable));
        w.WriteElementString("Category", t.Category.ToString());
        WriteModule(w, t.Action);
        w.WriteEndElement();
    }

    private static void WriteDependencyMonitor(Utf8PackXmlWriter w, DependencyMonitor m)
    {
        WriteMonitorStart(w, "DependencyMonitor", m.Id, m.Accessibility, m.Enabled, m.Target.Reference, m.ParentMonitorId.Reference, m.Remotable, m.Priority);
        w.WriteAttributeString("RelationshipType", m.RelationshipType.Reference);
        w.WriteAttributeString("MemberMonitor", m.MemberMonitor.Reference);
        w.WriteElementString("Category", m.Category.ToString());
        w.WriteElementString("Algorithm", m.Algorithm.ToString());
        if (m.MemberUnAvailable is { } unavailable) w.WriteElementString("MemberUnAvailable", unavailable.ToString());
        w.WriteEndElement();
    }

    private static void WritePresentation(Utf8PackXmlWriter w, Sections pack, bool v2)
    {
        var views = pack.Views;
        var folders = pack.Folders;
        var folderItems = pack.FolderItems;
        var strings = pack.Strings;
        if (views.Count + folders.Count + folderItems.Count + strings.Count == 0) return;
        var writer = new ElementWriter(w, v2);
        w.WriteStartElement("Presentation");
        Section(w, "Views", views, writer);
        Section(w, "Folders", folders, writer);
        Section(w, "FolderItems", folderItems, writer);
        Section(w, "StringResources", strings, writer);
        w.WriteEndElement();
    }

    private static void WriteView(Utf8PackXmlWriter w, View v)
    {
        w.WriteStartElement("View");
        w.WriteAttributeString("ID", v.Id);
        w.WriteAttributeString("Accessibility", v.Accessibility.ToString());
        w.WriteAttributeString("Enabled", Bool(v.Enabled));
        w.WriteAttributeString("Target", v.Target.Reference);
        w.WriteAttributeString("TypeID", v.TypeId.Reference);
        w.WriteAttributeString("Visible", Bool(v.Visible));
        w.WriteElementString("Category", v.Category);
        WriteConfig(w, v.Configuration);
        w.WriteEndElement();
    }

    private static void WriteFolder(Utf8PackXmlWriter w, Folder f)
    {
        w.WriteStartElement("Folder");
        w.WriteAttributeString("ID", f.Id);
        w.WriteAttributeString("Accessibility", f.Accessibility.ToString());
        w.WriteAttributeString("ParentFolder", f.ParentFolder.Reference);
        w.WriteEndElement();
    }

    private static void WriteFolderItem(Utf8PackXmlWriter w, FolderItem i, bool v2)
    {
        w.WriteStartElement("FolderItem");
        w.WriteAttributeString("ElementID", i.ElementId.Reference);
        if (v2) w.WriteAttributeString("ID", i.Id);
        w.WriteAttributeString("Folder", i.Folder.Reference);
        w.WriteEndElement();
    }

    private static void WriteStringResource(Utf8PackXmlWriter w, StringResource s)
    {
        w.WriteStartElement("StringResource");
        w.WriteAttributeString("ID", s.Id);
        w.WriteEndElement();
    }

    /// <summary>An override: ID, Context, Enforced, the workflow, then what is overridden, and the value.</summary>
    private static void WriteOverride(Utf8PackXmlWriter w, string element, string id, Ref<Kinds.Class> context, bool enforced, string workflowAttribute, ElementReference workflow,
        string whatAttribute, string what, string value)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("ID", id);
        w.WriteAttributeString("Context", context.Reference);
        w.WriteAttributeString("Enforced", Bool(enforced));
        w.WriteAttributeString(workflowAttribute, workflow);
        w.WriteAttributeString(whatAttribute, what);
        w.WriteElementString("Value", value);
        w.WriteEndElement();
    }

    /// <summary>Writes one element of any kind (the section is written by the caller).</summary>
    private sealed class ElementWriter(Utf8PackXmlWriter w, bool v2) : IElementVisitor<bool>
    {
        public bool Visit(ClassType e) { WriteClass(w, e, v2); return true; }
        public bool Visit(RelationshipType e) { WriteRelationship(w, e, v2); return true; }
        public bool Visit(DataSourceModuleType e) { WriteDataSourceModuleType(w, e); return true; }
        public bool Visit(UnitMonitorType e) { WriteUnitMonitorType(w, e); return true; }
        public bool Visit(Discovery e) { WriteDiscovery(w, e); return true; }
        public bool Visit(Rule e) { WriteRule(w, e); return true; }
        public bool Visit(AgentTask e) { WriteTask(w, e); return true; }
        public bool Visit(UnitMonitor e) { WriteUnitMonitor(w, e); return true; }
        public bool Visit(DependencyMonitor e) { WriteDependencyMonitor(w, e); return true; }
        public bool Visit(MonitorPropertyOverride e) { WriteOverride(w, "MonitorPropertyOverride", e.Id, e.Context, e.Enforced, "Monitor", e.Monitor.Reference, "Property", e.Property, e.Value); return true; }
        public bool Visit(RulePropertyOverride e) { WriteOverride(w, "RulePropertyOverride", e.Id, e.Context, e.Enforced, "Rule", e.Rule.Reference, "Property", e.Property, e.Value); return true; }
        public bool Visit(MonitorConfigurationOverride e) { WriteOverride(w, "MonitorConfigurationOverride", e.Id, e.Context, e.Enforced, "Monitor", e.Monitor.Reference, "Parameter", e.Parameter, e.Value); return true; }
        public bool Visit(View e) { WriteView(w, e); return true; }
        public bool Visit(Folder e) { WriteFolder(w, e); return true; }
        public bool Visit(FolderItem e) { WriteFolderItem(w, e, v2); return true; }
        public bool Visit(StringResource e) { WriteStringResource(w, e); return true; }
    }

    private static void WriteLanguagePacks(Utf8PackXmlWriter w, ManagementPack pack)
    {
        Section(w, "LanguagePacks", pack.LanguagePacks, lp =>
        {
            w.WriteStartElement("LanguagePack");
            w.WriteAttributeString("ID", lp.Id);
            w.WriteAttributeString("IsDefault", Bool(lp.IsDefault));
            Section(w, "DisplayStrings", lp.DisplayStrings, s =>
            {
                w.WriteStartElement("DisplayString");
                w.WriteAttributeString("ElementID", s.ElementId);
                if (s.SubElementId is not null) w.WriteAttributeString("SubElementID", s.SubElementId);
                w.WriteElementString("Name", s.Name);
                if (s.Description is not null) w.WriteElementString("Description", s.Description);
                w.WriteEndElement();
            });
            Section(w, "KnowledgeArticles", lp.KnowledgeArticles, a => WriteKnowledgeArticle(w, a));
            w.WriteEndElement();
        });
    }

    private static void WriteKnowledgeArticle(Utf8PackXmlWriter w, KnowledgeArticle a)
    {
        w.WriteStartElement("KnowledgeArticle");
        w.WriteAttributeString("ElementID", a.ElementId);
        if (a.SubElementId is not null) w.WriteAttributeString("SubElementID", a.SubElementId);
        w.WriteAttributeString("Visible", Bool(a.Visible));
        w.WriteStartElement("MamlContent");
        foreach (var section in a.Sections)
        {
            w.WriteStartElement("maml", "section", MamlNamespace);
            w.WriteElementString("maml", "title", MamlNamespace, section.Title);
            foreach (var para in section.Paragraphs) w.WriteElementString("maml", "para", MamlNamespace, para);
            if (section.ListItems is { Count: > 0 } items)
            {
                w.WriteStartElement("maml", "list", MamlNamespace);
                foreach (var item in items)
                {
                    w.WriteStartElement("maml", "listItem", MamlNamespace);
                    w.WriteElementString("maml", "para", MamlNamespace, item);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Section<T>(Utf8PackXmlWriter w, string name, IReadOnlyList<T> items, IElementVisitor<bool> writer) where T : IManagementPackElement =>
        Section(w, name, items, e => e.Accept(writer));

    private static void Section<T>(Utf8PackXmlWriter w, string name, IReadOnlyList<T> items, Action<T> write)
    {
        if (items.Count == 0) return;
        w.WriteStartElement(name);
        foreach (var item in items) write(item);
        w.WriteEndElement();
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
