using System.Reflection;

namespace Kmp.Verification;

/// <summary>
/// Every verification code kmp reports. Codes are stable: a code keeps its meaning forever, new checks
/// get new codes. docs/verification-codes.md lists them (a test keeps the two in step).
/// </summary>
public static class Codes
{
    private static FindingCode E(string code, CheckFamily family, string title) => new(code, Severity.Error, family, title);
    private static FindingCode W(string code, CheckFamily family, string title) => new(code, Severity.Warning, family, title);

    // 1. Structure (built in, no external files)
    public static readonly FindingCode FileNameNotId = E("KMP1001", CheckFamily.Structure, "File name differs from the management pack ID");
    public static readonly FindingCode SectionOrder = E("KMP1002", CheckFamily.Structure, "Section or child element out of the schema's order");
    public static readonly FindingCode NotInSchemaVersion = E("KMP1003", CheckFamily.Structure, "Element or attribute not allowed by the pack's schema version (1.0 vs 2.0)");
    public static readonly FindingCode InvalidId = E("KMP1004", CheckFamily.Structure, "Invalid ID (MP ID, element ID or alias)");
    public static readonly FindingCode DuplicateId = E("KMP1005", CheckFamily.Structure, "ID used twice (MP ID, element IDs and aliases share one space)");
    public static readonly FindingCode DuplicateSubElementId = E("KMP1006", CheckFamily.Structure, "Sub-element ID used twice within its parent");
    public static readonly FindingCode InvalidSubElementId = E("KMP1007", CheckFamily.Structure, "Invalid sub-element ID");
    public static readonly FindingCode InvalidKeyToken = E("KMP1008", CheckFamily.Structure, "Reference public key token is not 16 hex digits");
    public static readonly FindingCode RequiredChildMissing = E("KMP1009", CheckFamily.Structure, "Required child element missing");

    // 2. Microsoft's MP schema (--schemas)
    public static readonly FindingCode SchemaInvalid = E("KMP2001", CheckFamily.Schema, "Not valid against Microsoft's MP schema for its SchemaVersion");

    // 3. References
    public static readonly FindingCode UnknownAlias = E("KMP3001", CheckFamily.References, "Unknown alias in Alias!ID");
    public static readonly FindingCode ElementNotFound = E("KMP3002", CheckFamily.References, "Referenced element not found");
    public static readonly FindingCode WrongKind = E("KMP3003", CheckFamily.References, "Referenced element is of the wrong kind");
    public static readonly FindingCode NotAccessible = E("KMP3004", CheckFamily.References, "Referenced element of another pack is not public");
    public static readonly FindingCode UnsealedReference = E("KMP3005", CheckFamily.References, "Reference to an unsealed management pack");
    public static readonly FindingCode ReferenceVersionTooHigh = E("KMP3006", CheckFamily.References, "Referenced pack is older than the declared version");
    public static readonly FindingCode KeyTokenMismatch = E("KMP3007", CheckFamily.References, "Referenced pack has a different key token");
    public static readonly FindingCode DuplicateReference = E("KMP3008", CheckFamily.References, "Two aliases for one referenced pack");
    public static readonly FindingCode ReferenceNotAvailable = W("KMP3009", CheckFamily.References, "Referenced pack not available: its references are not checked");
    public static readonly FindingCode PropertyNotFound = E("KMP3011", CheckFamily.References, "Property not declared by the class or its bases");
    public static readonly FindingCode SelfReference = E("KMP3012", CheckFamily.References, "A pack references itself");
    public static readonly FindingCode InvalidExpression = E("KMP3013", CheckFamily.References, "Malformed $MPElement$ or $Target$ expression");
    public static readonly FindingCode NewerThanReference = W("KMP3014", CheckFamily.References, "Element exists only in a newer version of the referenced pack than the reference asks for");
    public static readonly FindingCode OverrideTargetMissing = W("KMP3015", CheckFamily.References, "Override for an element that does not exist (it has no effect)");
    public static readonly FindingCode HostDepth = E("KMP3016", CheckFamily.References, "$Target/Host…$ does not reach a class of the named type");
    public static readonly FindingCode ReferenceNotInGroup = E("KMP3017", CheckFamily.References, "Reference does not resolve in the management group (--strict-references)");

    // 4. Module configuration
    public static readonly FindingCode ConfigurationInvalid = E("KMP4001", CheckFamily.ModuleConfiguration, "Module configuration does not validate against its module type's schema");
    public static readonly FindingCode ConfigurationSchemaInvalid = E("KMP4002", CheckFamily.ModuleConfiguration, "A module type's configuration schema does not compile");
    public static readonly FindingCode OverrideableSelector = E("KMP4003", CheckFamily.ModuleConfiguration, "Overrideable parameter selector names no configuration element");
    public static readonly FindingCode UnknownConfigParameter = E("KMP4004", CheckFamily.ModuleConfiguration, "$Config/…$ names no configuration element of the enclosing type");
    public static readonly FindingCode ParameterType = E("KMP4005", CheckFamily.ModuleConfiguration, "Invalid overrideable parameter type");
    public static readonly FindingCode ConfigurationSchemaNotXsd = E("KMP4006", CheckFamily.ModuleConfiguration, "Configuration schema may contain only xsd:element (and IncludeSchemaTypes)");
    public static readonly FindingCode ConfigurationNotChecked = W("KMP4007", CheckFamily.ModuleConfiguration, "Configuration not checked: the type's schema is not available (not in the built-in catalog, or it includes a schema type of a pack that is not available; use --references)");

    // 5. SCOM's import-time rules beyond the schema
    public static readonly FindingCode MonitorWithoutParent = E("KMP5001", CheckFamily.ImportRules, "Unit monitor without ParentMonitorID");
    public static readonly FindingCode UnknownMonitorTypeState = E("KMP5002", CheckFamily.ImportRules, "Operational state maps to an unknown monitor type state");
    public static readonly FindingCode HealthStateTwice = E("KMP5003", CheckFamily.ImportRules, "Two operational states map to the same health state");
    public static readonly FindingCode MonitorTypeStateTwice = E("KMP5004", CheckFamily.ImportRules, "Two operational states map to the same monitor type state");
    public static readonly FindingCode AlertMessageNotString = E("KMP5005", CheckFamily.ImportRules, "Alert message is not a string resource of the pack");
    public static readonly FindingCode RuleWithProbe = E("KMP5006", CheckFamily.ImportRules, "Rule with a probe action");
    public static readonly FindingCode RuleWithoutWriteAction = E("KMP5007", CheckFamily.ImportRules, "Rule without a write action");
    public static readonly FindingCode DiscoveryPropertyNotOnClass = E("KMP5008", CheckFamily.ImportRules, "Discovery sets a property its class does not declare");
    public static readonly FindingCode DuplicateDisplayString = E("KMP5009", CheckFamily.ImportRules, "Two display strings for one element in a language");
    public static readonly FindingCode DuplicateKnowledgeArticle = E("KMP5010", CheckFamily.ImportRules, "Two knowledge articles for one element in a language");
    public static readonly FindingCode StringForMissingElement = E("KMP5011", CheckFamily.ImportRules, "Display string or knowledge article for an element the pack does not have");
    public static readonly FindingCode KnowledgeContent = E("KMP5012", CheckFamily.ImportRules, "Knowledge article must have exactly one of MamlContent and HtmlContent");
    public static readonly FindingCode KeyUnderConcreteBase = E("KMP5013", CheckFamily.ImportRules, "Class derived from a non-abstract class adds a key property");
    public static readonly FindingCode MustBeSingleton = E("KMP5014", CheckFamily.ImportRules, "Unhosted concrete class without key properties must be a singleton");
    public static readonly FindingCode SingletonWithKey = E("KMP5015", CheckFamily.ImportRules, "Singleton class with a key property");
    public static readonly FindingCode HostedFlagChanged = E("KMP5016", CheckFamily.ImportRules, "Hosted flag differs from the non-abstract base class");
    public static readonly FindingCode HostedWithoutHost = E("KMP5017", CheckFamily.ImportRules, "Hosted class that no hosting relationship targets");
    public static readonly FindingCode HostingTarget = E("KMP5018", CheckFamily.ImportRules, "Hosting relationship targets a class of another pack or an unhosted class");
    public static readonly FindingCode SealedOverrideEnforced = E("KMP5019", CheckFamily.ImportRules, "Enforced override in a sealed pack");
    public static readonly FindingCode DefaultLanguage = E("KMP5020", CheckFamily.ImportRules, "Language packs must have exactly one default, with unique IDs");
    public static readonly FindingCode InstanceKeyNotSet = E("KMP5021", CheckFamily.ImportRules, "Discovery's instance settings leave a key property of the class or of its hosts unset");

    // 6. Best practice
    public static readonly FindingCode NoDisplayString = W("KMP6001", CheckFamily.Practice, "Element has no display string in the default language");
    public static readonly FindingCode RepeatedDisplayName = W("KMP6002", CheckFamily.Practice, "Two elements of one kind share a display name");
    public static readonly FindingCode HardcodedAlertText = W("KMP6003", CheckFamily.Practice, "Alert uses a hard-coded name or description instead of a string resource");
    public static readonly FindingCode AlertParameterMissing = W("KMP6004", CheckFamily.Practice, "Alert description refers to a parameter that is not set");
    public static readonly FindingCode MonitorAlertXPath = W("KMP6005", CheckFamily.Practice, "Monitor alert parameter reads $Data/…$ instead of $Data/Context/…$");
    public static readonly FindingCode AlertOnStateUnused = W("KMP6006", CheckFamily.Practice, "AlertOnState is not an unhealthy state the monitor uses");
    public static readonly FindingCode AlertSeverityMismatch = W("KMP6007", CheckFamily.Practice, "Alert severity does not match the monitor's unhealthy state");
    public static readonly FindingCode EventDescriptionCompared = W("KMP6008", CheckFamily.Practice, "Event expression compares the event description with a fixed string");
    public static readonly FindingCode BackwardCompatibilityReference = W("KMP6009", CheckFamily.Practice, "Reference to the Backward Compatibility pack");
    public static readonly FindingCode AlertViewResolutionState = W("KMP6010", CheckFamily.Practice, "Alert view without resolution state criteria");
    public static readonly FindingCode TypeDefinitionInUnsealed = W("KMP6011", CheckFamily.Practice, "Unsealed pack defines types");

    // 7. Sealed files
    public static readonly FindingCode SignatureInvalid = E("KMP7001", CheckFamily.Sealed, "Strong-name signature does not match the file");
    public static readonly FindingCode DelaySigned = E("KMP7002", CheckFamily.Sealed, "Delay-signed: its strong name does not verify until it is signed");
    public static readonly FindingCode NoStrongName = E("KMP7003", CheckFamily.Sealed, "Sealed pack without a strong name");
    public static readonly FindingCode ContainerRemark = W("KMP7004", CheckFamily.Sealed, "Assembly name or version differs from the pack identity");
    public static readonly FindingCode DelaySignedAllowed = W("KMP7005", CheckFamily.Sealed, "Delay-signed, allowed (--allow-delay-signed): sign before importing");

    // 8. Upgrade compatibility (kmp diff, kmp build --baseline)
    public static readonly FindingCode VersionNotHigher = E("KMP8001", CheckFamily.Upgrade, "New version is not higher than the old one");
    public static readonly FindingCode KeyTokenChanged = E("KMP8002", CheckFamily.Upgrade, "Key token changed");
    public static readonly FindingCode PublicElementRemoved = E("KMP8003", CheckFamily.Upgrade, "Public element removed");
    public static readonly FindingCode ClassPropertyRemoved = E("KMP8004", CheckFamily.Upgrade, "Class property removed");
    public static readonly FindingCode KeyPropertyChanged = E("KMP8005", CheckFamily.Upgrade, "Key property added, removed or changed");
    public static readonly FindingCode BaseChanged = E("KMP8006", CheckFamily.Upgrade, "Base class or relationship changed");
    public static readonly FindingCode HostingChanged = E("KMP8007", CheckFamily.Upgrade, "Hosted, abstract or singleton flag changed");
    public static readonly FindingCode MadeInternal = E("KMP8008", CheckFamily.Upgrade, "Public element made internal");
    public static readonly FindingCode PropertyTypeChanged = E("KMP8009", CheckFamily.Upgrade, "Class property type changed");
    public static readonly FindingCode MonitorTypeStateRemoved = E("KMP8010", CheckFamily.Upgrade, "Monitor type state removed");
    public static readonly FindingCode RelationshipEndChanged = E("KMP8011", CheckFamily.Upgrade, "Relationship source or target changed");
    public static readonly FindingCode KindChanged = E("KMP8012", CheckFamily.Upgrade, "Element changed kind");

    /// <summary>Every code, in code order.</summary>
    public static IReadOnlyList<FindingCode> All { get; } = typeof(Codes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(FindingCode))
        .Select(f => (FindingCode)f.GetValue(null)!)
        .OrderBy(c => c.Code, StringComparer.Ordinal)
        .ToList();
}
