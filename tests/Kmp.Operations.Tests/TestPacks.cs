using System.Text;
using Kmp.ManagementPacks;
using Kmp.Operations;

namespace Kmp.Operations.Tests;

/// <summary>A reference written into a test pack.</summary>
public sealed record TestReference(string Alias, string Id, string Version, string Token = TestPacks.Token);

/// <summary>
/// Small management packs written as XML at test time: any ID, version, references and elements,
/// in the sections where SCOM puts them. Family-shaped sets mirror the Kaspersky layout.
/// </summary>
public static class TestPacks
{
    /// <summary>The key token of the test family.</summary>
    public const string Token = "0123456789abcdef";

    public static readonly TestReference System = new("System", "System.Library", "6.1.7221.0", LibraryPack.MicrosoftKeyToken);
    public static readonly TestReference Windows = new("Windows", "Microsoft.Windows.Library", "6.1.7221.0", LibraryPack.MicrosoftKeyToken);

    public static string Xml(string id, string version, IEnumerable<TestReference> references,
        IEnumerable<string>? classes = null, IEnumerable<string>? rules = null, IEnumerable<string>? monitors = null,
        IEnumerable<string>? views = null, IEnumerable<string>? overrides = null, IEnumerable<(string Id, string Name)>? displayStrings = null)
    {
        var x = new StringBuilder();
        x.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ManagementPack ContentReadable=\"true\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n");
        x.Append($"  <Manifest>\n    <Identity>\n      <ID>{id}</ID>\n      <Version>{version}</Version>\n    </Identity>\n    <Name>{id}</Name>\n    <References>\n");
        foreach (var r in references)
            x.Append($"      <Reference Alias=\"{r.Alias}\">\n        <ID>{r.Id}</ID>\n        <Version>{r.Version}</Version>\n        <PublicKeyToken>{r.Token}</PublicKeyToken>\n      </Reference>\n");
        x.Append("    </References>\n  </Manifest>\n");
        var c = classes?.ToList() ?? [];
        if (c.Count > 0)
        {
            x.Append("  <TypeDefinitions>\n    <EntityTypes>\n      <ClassTypes>\n");
            foreach (var e in c) x.Append("        ").Append(e).Append('\n');
            x.Append("      </ClassTypes>\n    </EntityTypes>\n  </TypeDefinitions>\n");
        }
        var r_ = rules?.ToList() ?? [];
        var m = monitors?.ToList() ?? [];
        var o = overrides?.ToList() ?? [];
        if (r_.Count + m.Count + o.Count > 0)
        {
            x.Append("  <Monitoring>\n");
            if (r_.Count > 0) { x.Append("    <Rules>\n"); foreach (var e in r_) x.Append("      ").Append(e).Append('\n'); x.Append("    </Rules>\n"); }
            if (m.Count > 0) { x.Append("    <Monitors>\n"); foreach (var e in m) x.Append("      ").Append(e).Append('\n'); x.Append("    </Monitors>\n"); }
            if (o.Count > 0) { x.Append("    <Overrides>\n"); foreach (var e in o) x.Append("      ").Append(e).Append('\n'); x.Append("    </Overrides>\n"); }
            x.Append("  </Monitoring>\n");
        }
        var v = views?.ToList() ?? [];
        if (v.Count > 0)
        {
            x.Append("  <Presentation>\n    <Views>\n");
            foreach (var e in v) x.Append("      ").Append(e).Append('\n');
            x.Append("    </Views>\n  </Presentation>\n");
        }
        var d = displayStrings?.ToList() ?? [];
        if (d.Count > 0)
        {
            x.Append("  <LanguagePacks>\n    <LanguagePack ID=\"ENU\" IsDefault=\"true\">\n      <DisplayStrings>\n");
            foreach (var (eid, name) in d) x.Append($"        <DisplayString ElementID=\"{eid}\">\n          <Name>{name}</Name>\n        </DisplayString>\n");
            x.Append("      </DisplayStrings>\n    </LanguagePack>\n  </LanguagePacks>\n");
        }
        x.Append("</ManagementPack>\n");
        return x.ToString();
    }

    public static string Class(string id, string baseClass, bool isPublic = true, string properties = "") =>
        $"<ClassType ID=\"{id}\" Accessibility=\"{(isPublic ? "Public" : "Internal")}\" Abstract=\"false\" Base=\"{baseClass}\" Hosted=\"true\" Singleton=\"false\">{properties}</ClassType>";

    public static string Rule(string id, string target) =>
        $"<Rule ID=\"{id}\" Enabled=\"true\" Target=\"{target}\"><Category>Alert</Category><DataSources/><WriteActions/></Rule>";

    public static string Monitor(string id, string target) =>
        $"<UnitMonitor ID=\"{id}\" Accessibility=\"Public\" Enabled=\"true\" Target=\"{target}\" ParentMonitorID=\"Health!System.Health.AvailabilityState\" TypeID=\"Windows!Microsoft.Windows.CheckNTServiceStateMonitorType\"><Category>AvailabilityHealth</Category></UnitMonitor>";

    public static string View(string id, string target) =>
        $"<View ID=\"{id}\" Accessibility=\"Public\" Enabled=\"true\" Target=\"{target}\" TypeID=\"SC!Microsoft.SystemCenter.StateViewType\" Visible=\"true\"><Category>Operations</Category></View>";

    public static string Override(string id, string context, string monitor) =>
        $"<MonitorPropertyOverride ID=\"{id}\" Context=\"{context}\" Enforced=\"false\" Monitor=\"{monitor}\" Property=\"Enabled\"><Value>false</Value></MonitorPropertyOverride>";

    public static ManagementPackFile Sealed(string xml) => ManagementPackFile.DeclaredSealed(xml, Token);

    public static ManagementPackFile Unsealed(string xml) => ManagementPackFile.Unsealed(xml);

    // ---------------------------------------------------------------- a family-shaped set

    public static ManagementPackFile Library(string version = "1.0.0.0", bool withSharedClass = true) => Sealed(Xml(KasperskyFamily.LibraryId, version, [System, Windows],
        classes: withSharedClass
            ? [Class("KasperskyLab.Library.Application", "Windows!Microsoft.Windows.LocalApplication"), Class("KasperskyLab.Library.AntiSpam", "KasperskyLab.Library.Application")]
            : [Class("KasperskyLab.Library.Application", "Windows!Microsoft.Windows.LocalApplication")]));

    public static ManagementPackFile Discovery(string product, string version = "1.0.0.0") => Sealed(Xml($"KasperskyLab.{product}.Discovery", version,
        [System, Windows, new TestReference("KL", KasperskyFamily.LibraryId, "1.0.0.0")],
        classes: [Class($"KasperskyLab.{product}.Application", "KL!KasperskyLab.Library.Application"), Class($"KasperskyLab.{product}.ComputerGroup", "System!System.Group")]));

    public static ManagementPackFile Monitoring(string product, string version = "1.0.0.0") => Sealed(Xml($"KasperskyLab.{product}.Monitoring", version,
        [System, Windows, new TestReference("KL", KasperskyFamily.LibraryId, "1.0.0.0"), new TestReference("KLD", $"KasperskyLab.{product}.Discovery", "1.0.0.0")],
        rules: [Rule($"KasperskyLab.{product}.Event1001.Rule", $"KLD!KasperskyLab.{product}.Application")],
        monitors: [Monitor($"KasperskyLab.{product}.Service.Monitor", $"KLD!KasperskyLab.{product}.Application")]));

    public static ManagementPackFile Views(string product, string version = "1.0.0.0") => Sealed(Xml($"KasperskyLab.{product}.Views", version,
        [System, new TestReference("KL", KasperskyFamily.LibraryId, "1.0.0.0"), new TestReference("KLD", $"KasperskyLab.{product}.Discovery", "1.0.0.0")],
        views: [View($"KasperskyLab.{product}.Computers.View", $"KLD!KasperskyLab.{product}.Application")]));

    public static IReadOnlyList<ManagementPackFile> Product(string product, string version = "1.0.0.0") =>
        [Discovery(product, version), Monitoring(product, version), Views(product, version)];

    /// <summary>A customer override pack that disables a product's service monitor and also overrides a Windows monitor.</summary>
    public static ManagementPackFile CustomerOverrides(string product, string version = "1.0.0.0") => Unsealed(Xml("Contoso.Overrides", version,
        [System, Windows, new TestReference("KLM", $"KasperskyLab.{product}.Monitoring", "1.0.0.0"), new TestReference("KLD", $"KasperskyLab.{product}.Discovery", "1.0.0.0")],
        overrides:
        [
            Override("Contoso.Override.KasperskyService", $"KLD!KasperskyLab.{product}.Application", $"KLM!KasperskyLab.{product}.Service.Monitor"),
            Override("Contoso.Override.WindowsDisk", "Windows!Microsoft.Windows.Computer", "Windows!Microsoft.Windows.LogicalDisk.FreeSpace.Monitor"),
        ],
        displayStrings: [("Contoso.Override.KasperskyService", "Disable Kaspersky service monitor"), ("Contoso.Override.WindowsDisk", "Quieter disk monitor")]));
}
