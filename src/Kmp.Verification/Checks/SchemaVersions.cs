namespace Kmp.Verification.Checks;

/// <summary>The MP schema a pack is written in, chosen from its root SchemaVersion as SCOM does (sealed-mp-format.md §13).</summary>
internal enum MpSchema
{
    V10,
    V11,
    V20,
}

internal static class SchemaVersions
{
    /// <summary>Absent or "1.0" → 1.0; "1.1" → 1.1; major 2 or unparsable → 2.0.</summary>
    public static MpSchema Of(string? schemaVersion)
    {
        if (schemaVersion is null) return MpSchema.V10;
        var text = schemaVersion.Trim();
        if (text == "1.0") return MpSchema.V10;
        if (text == "1.1") return MpSchema.V11;
        return MpSchema.V20;
    }

    public static string Name(this MpSchema schema) => schema switch
    {
        MpSchema.V10 => "1.0",
        MpSchema.V11 => "1.1",
        _ => "2.0",
    };

    /// <summary>
    /// The ordered children of the pack's fixed containers, per schema (from Microsoft's XSDs; all are
    /// xsd:sequence). Keyed by the container's path below the root ("" is the root).
    /// </summary>
    public static IReadOnlyList<string>? ContainerOrder(string path, MpSchema schema) => path switch
    {
        "" => schema switch
        {
            MpSchema.V10 => ["Manifest", "TypeDefinitions", "Monitoring", "ConfigurationGroups", "Templates", "PresentationTypes", "Presentation", "Reporting", "LanguagePacks"],
            MpSchema.V11 => ["Manifest", "TypeDefinitions", "Categories", "Monitoring", "ConfigurationGroups", "Templates", "PresentationTypes", "Presentation", "Warehouse", "Reporting", "LanguagePacks", "Resources"],
            _ => ["Manifest", "TypeDefinitions", "Categories", "Monitoring", "ConfigurationGroups", "Templates", "PresentationTypes", "Presentation", "Warehouse", "Reporting", "LanguagePacks", "Resources", "Extensions"],
        },
        "Manifest" => ["Identity", "Name", "References"],
        "TypeDefinitions" => schema == MpSchema.V20
            ? ["EntityTypes", "DataTypes", "SchemaTypes", "SecureReferences", "ModuleTypes", "MonitorTypes", "Extensions"]
            : ["EntityTypes", "DataTypes", "SchemaTypes", "SecureReferences", "ModuleTypes", "MonitorTypes"],
        "TypeDefinitions/EntityTypes" => schema == MpSchema.V10
            ? ["ClassTypes", "RelationshipTypes"]
            : ["ClassTypes", "RelationshipTypes", "EnumerationTypes", "TypeProjections"],
        "TypeDefinitions/ModuleTypes" => ["DataSourceModuleType", "ProbeActionModuleType", "ConditionDetectionModuleType", "WriteActionModuleType"],
        "Monitoring" => schema == MpSchema.V20
            ? ["Discoveries", "Rules", "Tasks", "Monitors", "Diagnostics", "Recoveries", "Overrides", "ServiceLevelObjectives", "Extensions"]
            : ["Discoveries", "Rules", "Tasks", "Monitors", "Diagnostics", "Recoveries", "Overrides", "ServiceLevelObjectives"],
        "Monitoring/Monitors" => ["AggregateMonitor", "UnitMonitor", "DependencyMonitor"],
        "PresentationTypes" => schema switch
        {
            MpSchema.V10 => ["ViewTypes", "Images", "UIPages", "UIPageSets"],
            MpSchema.V11 => ["ViewTypes", "UIPages", "UIPageSets"],
            _ => ["ViewTypes", "UIPages", "UIPageSets", "Extensions"],
        },
        "Presentation" => schema switch
        {
            MpSchema.V10 => ["ConsoleTasks", "Views", "Folders", "FolderItems", "ImageReferences", "StringResources"],
            MpSchema.V11 => ["Forms", "ConsoleTasks", "Views", "Folders", "FolderItems", "ImageReferences", "StringResources"],
            _ => ["Forms", "ConsoleTasks", "Views", "Folders", "FolderItems", "ImageReferences", "StringResources", "ComponentTypes", "ComponentReferences", "ComponentOverrides", "ComponentImplementations", "ComponentBehaviors", "BehaviorTypes", "BehaviorImplementations", "Extensions"],
        },
        "LanguagePacks/LanguagePack" => ["DisplayStrings", "KnowledgeArticles"],
        _ => null,
    };

    /// <summary>The ordered children of the elements kmp emits (workflow and type elements), for every schema.</summary>
    public static IReadOnlyList<string>? ElementOrder(string kind) => kind switch
    {
        "Rule" => ["Category", "DataSources", "ConditionDetection", "WriteActions"],
        "Discovery" => ["Category", "DiscoveryTypes", "DataSource"],
        "UnitMonitor" => ["Category", "AlertSettings", "OperationalStates", "Configuration"],
        "DataSourceModuleType" or "ProbeActionModuleType" or "ConditionDetectionModuleType" or "WriteActionModuleType" =>
            ["Configuration", "OverrideableParameters", "ModuleImplementation", "OutputType", "InputTypes", "InputType", "TriggerOnly"],
        "UnitMonitorType" => ["MonitorTypeStates", "Configuration", "OverrideableParameters", "MonitorImplementation"],
        _ => null,
    };
}
