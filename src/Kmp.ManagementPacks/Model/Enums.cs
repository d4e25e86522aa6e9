namespace Kmp.ManagementPacks;

public enum Accessibility { Public, Internal }

/// <summary>Class property types valid in both schema versions.</summary>
public enum PropertyType { String, Int, Decimal, Double, DateTime, Guid, Bool }

public enum HealthState { Success, Warning, Error }

public enum WorkflowPriority { Low, Normal, High }

/// <summary>Severity of an alert raised by a unit monitor.</summary>
public enum MonitorAlertSeverity { Information, Warning, Error, MatchMonitorHealth }

/// <summary>Severity of an alert raised by a rule (System.Health.GenerateAlert: 0, 1, 2).</summary>
public enum AlertSeverity { Information = 0, Warning = 1, Critical = 2 }

/// <summary>Priority of an alert raised by a rule (System.Health.GenerateAlert: 0, 1, 2).</summary>
public enum AlertPriority { Low = 0, Medium = 1, High = 2 }

/// <summary>The kind of a module inside a workflow or composite module type.</summary>
public enum ModuleKind { DataSource, ProbeAction, ConditionDetection, WriteAction }

/// <summary>SCOM's monitoring categories (the subset kmp emits; full list in the MP schema).</summary>
public enum MonitoringCategory
{
    Discovery,
    Alert,
    EventCollection,
    PerformanceCollection,
    AvailabilityHealth,
    PerformanceHealth,
    ConfigurationHealth,
    SecurityHealth,
    Operations,
    Maintenance,
    Custom,
}

internal static class EnumText
{
    public static string Xml(this PropertyType t) => t switch
    {
        PropertyType.String => "string",
        PropertyType.Int => "int",
        PropertyType.Decimal => "decimal",
        PropertyType.Double => "double",
        PropertyType.DateTime => "datetime",
        PropertyType.Guid => "guid",
        PropertyType.Bool => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };
}
