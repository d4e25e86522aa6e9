using Kmp.Kaspersky.Family;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;

namespace Kmp.Documentation;

/// <summary>A removal plan in the guide: what to run and, in order, what each step removes (the remove planner's own words).</summary>
/// <param name="Key">"all" for the whole family, else the product's key.</param>
public sealed record RemovalPlanDoc(string Key, string Title, string Command, IReadOnlyList<string> Steps, IReadOnlyList<string> Notes);

/// <summary>What the family's guide is made from.</summary>
/// <param name="Family">The composed family (its packs and manifest).</param>
/// <param name="Library">The library template (shared components' facts).</param>
/// <param name="Products">The product templates of the family (the confidence of each fact).</param>
/// <param name="KeyToken">The key token the packs are sealed with.</param>
/// <param name="Target">The schema target the packs are written for.</param>
/// <param name="Removals">The removal plans: the whole family first, then per product.</param>
/// <param name="Libraries">Microsoft's libraries the family references (their XML, e.g. the built-in catalog): the overrideable parameters of their module and monitor types.</param>
public sealed record FamilySiteRequest(ManagementPackFamily Family, LibraryTemplate Library, IReadOnlyList<ProductTemplate> Products,
    string KeyToken, Kmp.ManagementPacks.SchemaTarget Target, IReadOnlyList<RemovalPlanDoc> Removals, IReadOnlyList<Kmp.ManagementPacks.Xml.ManagementPackDocument>? Libraries = null);

/// <summary>
/// The guide of the Kaspersky Lab family: an index (packs, versions, key token, purpose, dependency graph),
/// a page per product (what it discovers, the console folders, monitors, alerts with knowledge, collection,
/// tasks, overrideable parameters, the confidence of each fact), the library and shared components, and
/// install and removal.
/// </summary>
public static class FamilySite
{
    public const string InstallPage = "install.html";
    public const string LibraryPage = "library.html";

    /// <summary>The page of product <paramref name="key"/> where no other key differs from it only in case (<see cref="PageNames"/>).</summary>
    public static string ProductPage(string key) => SiteLayout.FileName(ProductPrefix, key);

    private const string ProductPrefix = "product";

    public static DocumentationSite Render(FamilySiteRequest request)
    {
        var family = request.Family;
        var names = new NameIndex();
        var parameters = new ParameterCatalog();
        foreach (var p in family.Packs)
        {
            TypedPackReader.Index(p.Pack, names);
            parameters.Add(p.Pack);
        }
        foreach (var library in request.Libraries ?? []) parameters.Add(library);
        var guides = family.Packs.ToDictionary(p => p.Id, p => TypedPackReader.Read(p.Pack, names, parameters, request.KeyToken, request.Target), StringComparer.Ordinal);
        var products = request.Products.Where(p => family.Manifest.ProductKeys.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var facts = Facts(request.Library, products);

        // Which page documents each pack.
        var pageNames = new PageNames([DocumentationSite.IndexPage, InstallPage, LibraryPage], products.Select(p => (ProductPrefix, p.Key)));
        string ProductPage(string key) => pageNames[ProductPrefix, key];
        string PageOf(FamilyPack p) => p.ProductKey is { } key ? ProductPage(key) : LibraryPage;
        var links = new SiteLinks();
        foreach (var p in family.Packs) links.Add(guides[p.Id], PageOf(p));

        var navigation = new List<(string, string)> { (DocumentationSite.IndexPage, "Kaspersky Lab packs"), (InstallPage, "Install & remove"), (LibraryPage, "Library") };
        navigation.AddRange(products.Select(p => (ProductPage(p.Key), p.Key)));

        var pages = new List<SitePage>
        {
            new(DocumentationSite.IndexPage, SiteLayout.Page("Kaspersky Lab management packs — guide", navigation, h => Index(h, request, guides, products, links.Link, ProductPage))),
            new(InstallPage, SiteLayout.Page("Install and remove — Kaspersky Lab management packs", navigation, h => Install(h, request, products))),
            new(LibraryPage, SiteLayout.Page("Library and shared components — Kaspersky Lab management packs", navigation,
                h => Library(h, request, [.. family.Packs.Where(p => p.ProductKey is null).Select(p => guides[p.Id])], links.Link, facts))),
        };
        foreach (var product in products)
        {
            var own = family.Packs.Where(p => p.ProductKey == product.Key).Select(p => guides[p.Id]).ToList();
            pages.Add(new(ProductPage(product.Key), SiteLayout.Page($"{product.DisplayName} — management pack guide", navigation,
                h => Product(h, request, product, own, guides, links.Link, facts))));
        }
        return new DocumentationSite(pages);
    }

    // ------------------------------------------------------------------ index

    private static void Index(Html h, FamilySiteRequest request, IReadOnlyDictionary<string, PackGuide> guides, IReadOnlyList<ProductTemplate> products,
        Func<ElementName, string, string?> link, Func<string, string> productPage)
    {
        var family = request.Family;
        h.Element("h1", "Kaspersky Lab management packs for Operations Manager");
        h.Element("p", $"{family.Packs.Count} management packs for target {request.Target.Name()}, sealed with key token {request.KeyToken}. "
            + "Generated by kmp from the same definitions that build the packs: what each pack discovers, monitors and alerts on, what it needs, "
            + "how sure each product fact is, and how to remove it.", ("class", "lead"));

        h.Element("h2", "Products");
        h.Open("table").Open("thead").Open("tr").Element("th", "Product").Element("th", "Key").Element("th", "Packs").Element("th", "Alerts").Element("th", "Monitors").Close().Close().Open("tbody");
        foreach (var p in products)
        {
            var own = family.Packs.Where(x => x.ProductKey == p.Key).Select(x => guides[x.Id]).ToList();
            h.Open("tr", ("data-kind", "pack"));
            h.Open("td").Link(productPage(p.Key), p.DisplayName);
            if (p.Preview) h.Element("span", "preview", ("class", "badge preview"), ("title", "Every product-specific fact is unconfirmed"));
            h.Close();
            h.Element("td", p.Key).Element("td", own.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Element("td", own.Sum(g => g.Alerts.Count).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Element("td", own.Sum(g => g.Monitors.Count).ToString(System.Globalization.CultureInfo.InvariantCulture));
            h.Close();
        }
        h.Close().Close();
        h.Open("p").Text("The library and the shared components are described on ").Link(LibraryPage, "Library").Text("; import order, prerequisites and removal on ").Link(InstallPage, "Install & remove").Text(".").Close();

        h.Element("h2", "Dependencies");
        h.Element("p", "Each pack references the packs to its left; import goes left to right, removal right to left. Click a pack for its description.", ("class", "note"));
        DependencyGraph(h, family, link);

        h.Element("h2", "Packs");
        h.Open("table").Open("thead").Open("tr").Element("th", "Pack").Element("th", "Version").Element("th", "Key token").Element("th", "Role").Element("th", "What it is for").Close().Close().Open("tbody");
        foreach (var member in family.Manifest.Members)
        {
            var g = guides[member.PackId];
            h.Open("tr", ("data-kind", "pack"));
            h.Open("td");
            if (link(new ElementName(g.Id, g.Name, g.Id), PackSections.Pack) is { } href) h.Link(href, g.Id);
            else h.Text(g.Id);
            h.Element("div", g.Name, ("class", "note"));
            h.Close();
            h.Element("td", g.Version).Open("td").Element("code", g.KeyToken).Close().Element("td", Role(member)).Element("td", g.Description ?? "");
            h.Close();
        }
        h.Close().Close();
    }

    private static string Role(FamilyMember m) => m.Role switch
    {
        FamilyRole.Library => "library (types, shared script, root folder)",
        FamilyRole.LibraryDiscovery => "the Kaspersky Lab computers (seed class and registry discovery; the Discovery packs need it)",
        FamilyRole.SharedDiscovery => $"shared component {m.SharedComponent}: discovery (used by {string.Join(", ", m.UsedBy)})",
        FamilyRole.SharedMonitoring => $"shared component {m.SharedComponent}: monitoring (used by {string.Join(", ", m.UsedBy)})",
        FamilyRole.Discovery => $"{m.ProductKey}: discovery",
        FamilyRole.Monitoring => $"{m.ProductKey}: monitoring",
        FamilyRole.Views => $"{m.ProductKey}: console views",
        _ => m.Role.ToString(),
    };

    /// <summary>The packs as an inline SVG: a column per depth (the packs a pack references are to its left), an edge per reference.</summary>
    private static void DependencyGraph(Html h, ManagementPackFamily family, Func<ElementName, string, string?> link)
    {
        var ids = family.Packs.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var references = family.Packs.ToDictionary(p => p.Id, p => p.Pack.References.Select(r => r.ManagementPackId).Where(ids.Contains).ToList(), StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in family.Packs) // reference order: every referenced pack comes first
            depth[p.Id] = references[p.Id].Count == 0 ? 0 : references[p.Id].Max(r => depth.GetValueOrDefault(r)) + 1;
        const int width = 250, height = 30, columnGap = 70, rowGap = 10, margin = 10;
        var columns = family.Packs.GroupBy(p => depth[p.Id]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        // A product's packs share a row (its Discovery, Monitoring and Views side by side), below the packs the products share.
        var shared = family.Packs.Count(p => p.ProductKey is null && depth[p.Id] > 0);
        var products = family.Packs.Select(p => p.ProductKey).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var position = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        var rows = 0;
        for (var c = 0; c < columns.Count; c++)
        {
            var free = 0;
            foreach (var p in columns[c])
            {
                var row = p.ProductKey is { } key ? shared + products.IndexOf(key) : free++;
                rows = Math.Max(rows, row + 1);
                position[p.Id] = (margin + c * (width + columnGap), margin + row * (height + rowGap));
            }
        }
        var totalWidth = margin * 2 + columns.Count * width + (columns.Count - 1) * columnGap;
        var totalHeight = margin * 2 + rows * (height + rowGap) - rowGap;
        string N(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        h.Svg("svg", ("class", "graph"), ("viewBox", $"0 0 {N(totalWidth)} {N(totalHeight)}"), ("role", "img"), ("aria-label", "Dependencies between the packs"));
        foreach (var p in family.Packs)
            foreach (var r in references[p.Id])
            {
                var (x1, y1) = position[p.Id];
                var (x2, y2) = position[r];
                h.Svg("line", ("x1", N(x1)), ("y1", N(y1 + height / 2)), ("x2", N(x2 + width)), ("y2", N(y2 + height / 2))).Close();
            }
        foreach (var p in family.Packs)
        {
            var (x, y) = position[p.Id];
            h.Svg("a", ("href", link(new ElementName(p.Id, p.Id, p.Id), PackSections.Pack) ?? "#"));
            h.Svg("title").Text(p.Id).Close();
            h.Svg("rect", ("x", N(x)), ("y", N(y)), ("width", N(width)), ("height", N(height)), ("rx", "4")).Close();
            h.Svg("text", ("x", N(x + 8)), ("y", N(y + 19))).Text(p.Id.StartsWith(FamilyIds.Prefix + ".", StringComparison.Ordinal) ? p.Id[(FamilyIds.Prefix.Length + 1)..] : p.Id).Close();
            h.Close();
        }
        h.Close();
    }

    // ------------------------------------------------------------------ install and removal

    private static void Install(Html h, FamilySiteRequest request, IReadOnlyList<ProductTemplate> products)
    {
        var family = request.Family;
        h.Element("h1", "Install and remove");
        h.Element("h2", "Prerequisites");
        h.Open("ul");
        h.Element("li", request.Target == Kmp.ManagementPacks.SchemaTarget.Scom2012
            ? "Operations Manager 2012 or later (these packs are schema 2.0)."
            : "Operations Manager 2007 R2 or later, up to 2025 (these packs are schema 1.0).");
        h.Element("li", "A Windows agent on each computer to monitor (a registry discovery runs on every Windows computer, the products' discovery scripts only where it finds Kaspersky Lab software; monitoring only where a product is found).");
        h.Element("li", "The agent's action account (Local System by default) reads HKLM, the Windows event logs of the products and the services' state; the health checks run a VBScript (cscript) that reads the Kaspersky Security Center Network Agent's state.");
        h.Element("li", $"For the anti-virus state checks (real-time protection, database age, Administration Server connection): Kaspersky Security Center Network Agent on the computer. Products with these checks: {string.Join(", ", products.Where(p => p.HealthChecks is { Count: > 0 }).Select(p => p.Key))}.");
        var libraries = family.Packs.SelectMany(p => p.Pack.References).Where(r => !family.Manifest.Contains(r.ManagementPackId))
            .Select(r => r.ManagementPackId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        h.Element("li", $"Microsoft's libraries, present in every management group: {string.Join(", ", libraries)}.");
        h.Close();

        h.Element("h2", "Permissions");
        h.Open("ul");
        h.Element("li", "Importing and removing the packs (kmp import, kmp remove, or the console): the Operations Manager Administrators role.");
        h.Element("li", "kmp notify (the notification subscription and its recipients): Operations Manager Administrators.");
        h.Element("li", "kmp list: any Operations Manager role (Read-Only Operators or higher).");
        h.Element("li", "Reading the alerts and views: Operators or Read-Only Operators scoped to the Kaspersky Lab folder.");
        h.Close();

        h.Element("h2", "Import order");
        h.Open("p").Text("Import the packs in this order (each pack references only packs above it). ").Element("code", "kmp import --mg scom://SERVER --all").Text(" does it for you, skipping packs already installed at the same version.").Close();
        h.Open("ol");
        foreach (var m in family.Manifest.Members)
        {
            h.Open("li", ("data-kind", "pack"));
            h.Element("code", m.PackId).Text($" — {Role(m)}");
            h.Close();
        }
        h.Close();

        Upgrade(h, products);

        h.Element("h2", "Shared packs and when they go");
        var shared = family.Manifest.Members.Where(m => m.Role is FamilyRole.SharedDiscovery or FamilyRole.SharedMonitoring).ToList();
        h.Open("ul");
        h.Element("li", $"{FamilyIds.Library} (and the notification group {family.Manifest.NotificationGroupName}) is imported with the first product and removed with the last.");
        h.Element("li", $"{FamilyIds.LibraryDiscoveryPack} too: the products' discoveries look for them only on the Kaspersky Lab computers it finds, so their Discovery packs reference it and SCOM refuses to import one of them without it.");
        foreach (var m in shared)
            h.Element("li", $"{m.PackId} is imported with the first of {string.Join(", ", m.UsedBy)} and removed with the last of them: while one of them stays, it stays.");
        if (shared.Count == 0) h.Element("li", "No shared component is used by the products of this site.");
        h.Close();

        h.Element("h2", "Removal");
        h.Element("p", "The plans kmp remove makes for a management group where the whole family is installed, with no open alerts and no customer pack referencing it. "
            + "On a real group kmp plans from its state: it closes open alerts of each pack first, backs up customer packs that reference the family, and stops if another sealed pack depends on it.", ("class", "note"));
        foreach (var plan in request.Removals)
        {
            h.Open("div", ("class", "card"), ("id", SiteLayout.Anchor("remove", plan.Key)));
            h.Element("h3", plan.Title);
            h.Open("p").Element("code", plan.Command).Close();
            h.Open("ol");
            foreach (var s in plan.Steps) h.Element("li", s);
            h.Close();
            foreach (var n in plan.Notes) h.Element("p", n, ("class", "note"));
            h.Close();
        }
    }

    /// <summary>The version the packs were first released at; an upgrade from it needs the order and waits below.</summary>
    public const string ReleasedVersion = "1.0.0.0";

    /// <summary>
    /// Upgrading a group that runs the released packs: the Discovery packs first, then (where a product's log and service
    /// are discovered, KES) a wait for the new discovery to fill them in, then the rest; and what becomes of the instances
    /// the released, remotable discoveries found on agentless computers.
    /// </summary>
    private static void Upgrade(Html h, IReadOnlyList<ProductTemplate> products)
    {
        h.Element("h2", $"Upgrading from {ReleasedVersion}", ("id", "upgrade"));
        var discovered = products.Where(p => p.EventLogs is { Count: > 0 }).ToList();
        h.Element("p", $"Version {ReleasedVersion} has no {FamilyIds.LibraryDiscoveryPack}: its products' discoveries ran on every Windows computer. "
            + $"Now the registry discovery of {FamilyIds.LibraryDiscoveryPack} finds the Kaspersky Lab computers first, and the products' discoveries run on those, each when the agent receives the new configuration.");
        if (discovered.Count > 0)
        {
            var rules = discovered.SelectMany(DiscoveredLog.Workflows);
            var keys = string.Join(", ", discovered.Select(p => p.Key));
            h.Element("p", $"Import order matters for {keys}: the released instances have no ServiceName and no EventLogName until the new discovery has run on their computer. "
                + $"Until then the service monitor checks an empty service name, and the workflows that read the discovered log ({string.Join(", ", rules)}) cannot load "
                + "(the agent logs that the workflow failed to initialize); they load by themselves once the instance carries its values. To avoid both:");
            h.Open("ol");
            h.Open("li").Text($"import {FamilyIds.Library}, {FamilyIds.LibraryDiscoveryPack} and the Discovery packs first (").Element("code", "kmp import").Text(" with those .mp files);").Close();
            foreach (var p in discovered)
                h.Open("li").Text($"wait until every {p.Key} instance shows its service name and event log (the class's properties in the console, or ")
                    .Element("code", $"Get-SCOMClass -Name {FamilyIds.ApplicationClassOf(p.Key)} | Get-SCOMClassInstance").Text(");").Close();
            h.Element("li", "import the Monitoring and Views packs.");
            h.Close();
        }
        h.Element("p", "A product upgraded in place while its discovery runs (its key or service briefly missing) is undiscovered until the next run (Frequency, one day by default; an override or an agent restart runs it sooner).");
        h.Element("p", $"Computers monitored agentless (through a proxy agent): the discoveries of {ReleasedVersion} were remotable and could find products there; the new ones run only on an agent, for its own computer, and find nothing there. "
            + $"On an instance {ReleasedVersion} found on such a computer only the event and service-state workflows, which read the computer by name, keep running. "
            + "A service's start task runs only on the computer's own agent, so it cannot start a service there: start it on that computer (services.msc), or from another computer with sc \\\\COMPUTER start followed by the service name in the alert.");
    }

    // ------------------------------------------------------------------ library

    private static void Library(Html h, FamilySiteRequest request, IReadOnlyList<PackGuide> packs, Func<ElementName, string, string?> link, IReadOnlyDictionary<string, FactNote> facts)
    {
        h.Element("h1", "Library and shared components");
        h.Element("p", TemplateText.ForReaders(request.Library.Description), ("class", "lead"));
        var s = new PackSections(h, link, facts);
        foreach (var component in request.Library.SharedComponents.Where(c => packs.Any(p => p.Id.StartsWith(FamilyIds.SharedPrefix(c.Key) + ".", StringComparison.Ordinal))))
        {
            h.Open("p").Element("strong", component.DisplayName + ": ").Text(TemplateText.ForReaders(component.Description)).Close();
        }
        Contents(h, packs, s);
    }

    /// <summary>Every element of the packs, by kind: the same sections for the library page and for the product pages' pack contents.</summary>
    internal static void Contents(Html h, IReadOnlyList<PackGuide> packs, PackSections s, bool everyElement = true, bool folders = true)
    {
        foreach (var g in packs)
        {
            h.Open("section", ("id", SiteLayout.Anchor(PackSections.Pack, g.Id)));
            h.Element("h2", g.Name);
            h.Open("table").Open("tbody");
            h.Open("tr").Element("td", "Pack", ("class", "k")).Open("td").Element("code", g.Id).Close().Close();
            h.Open("tr").Element("td", "Version", ("class", "k")).Element("td", g.Version).Close();
            h.Open("tr").Element("td", "Key token", ("class", "k")).Open("td").Element("code", g.KeyToken ?? "(unsealed)").Close().Close();
            h.Open("tr").Element("td", "Description", ("class", "k")).Element("td", g.Description ?? "").Close();
            h.Close().Close();
            h.Element("h3", "References");
            s.References(g.References);
            if (everyElement)
            {
                Section(h, "Classes", g.Classes.Count, () => s.Classes(g.Classes));
                Section(h, "Discoveries", g.Discoveries.Count, () => s.Discoveries(g.Discoveries));
                Section(h, "Monitors", g.Monitors.Count, () => s.Monitors(g.Monitors));
                Section(h, "Alerts", g.Alerts.Count, () =>
                {
                    s.AlertSummary(g.Alerts);
                    s.Alerts(g.Alerts);
                });
                Section(h, "Rules", g.Rules.Count, () => s.Rules(g.Rules));
                Section(h, "Tasks", g.Tasks.Count, () => s.Tasks(g.Tasks));
                Section(h, "Views", g.Views.Count, () => s.Views(g.Views));
                if (folders) Section(h, "Folders", g.Folders.Count, () => s.FolderTree(g.Folders, g.FolderItems, g.Views));
            }
            Section(h, "Overrides", g.Overrides.Count, () => s.Overrides(g.Overrides));
            Section(h, "Other elements", g.Others.Count, () => s.Others(g.Others));
            h.Close();
        }
    }

    private static void Section(Html h, string title, int count, Action body)
    {
        if (count == 0) return;
        h.Element("h3", $"{title} ({count})");
        body();
    }

    // ------------------------------------------------------------------ product

    private static void Product(Html h, FamilySiteRequest request, ProductTemplate product, IReadOnlyList<PackGuide> own,
        IReadOnlyDictionary<string, PackGuide> all, Func<ElementName, string, string?> link, IReadOnlyDictionary<string, FactNote> facts)
    {
        var s = new PackSections(h, link, facts);
        h.Open("h1").Text(product.DisplayName);
        if (product.Preview) h.Element("span", "preview", ("class", "badge preview"));
        h.Close();
        if (product.Preview)
            h.Element("p", "Preview: every product-specific fact these packs rely on is unconfirmed. They are built and can be imported, but alerts may be missing or wrong until the facts below are checked on a real installation.", ("class", "note"));
        h.Element("p", TemplateText.ForReaders(product.Description), ("class", "lead"));

        var discoveries = own.SelectMany(g => g.Discoveries).ToList();
        var monitors = own.SelectMany(g => g.Monitors).ToList();
        var alerts = own.SelectMany(g => g.Alerts).ToList();
        var rules = own.SelectMany(g => g.Rules).ToList();
        var collection = rules.Where(r => r.Category is "EventCollection" or "PerformanceCollection").ToList();
        var otherRules = rules.Except(collection).ToList();
        var tasks = own.SelectMany(g => g.Tasks).ToList();
        var views = own.SelectMany(g => g.Views).ToList();
        var sharedPacks = request.Family.Manifest.Members.Where(m => m.SharedComponent is not null && m.UsedBy.Contains(product.Key)).Select(m => all[m.PackId]).ToList();

        h.Element("h2", "At a glance");
        h.Open("ul");
        foreach (var d in discoveries)
        {
            var every = d.Settings.FirstOrDefault(x => x.Name is "Frequency" or "IntervalSeconds")?.Value;
            h.Element("li", d.DataSourceType.Contains("GroupPopulator", StringComparison.Ordinal)
                ? $"The group {d.Target.Name}, kept up to date by the management servers ({d.Name})."
                : $"On each {d.Target.Name}: {d.Name}{(every is null ? "" : $", every {every}")}.");
        }
        h.Element("li", $"Where the product is found: {monitors.Count} monitor(s), {alerts.Count} alert(s) ({alerts.Count(a => a.Severity.StartsWith("Critical", StringComparison.Ordinal))} critical), "
            + $"{collection.Count} collection rule(s), {tasks.Count} task(s); in the console, {views.Count} view(s).");
        var disabled = monitors.Where(m => !m.Enabled).Select(m => m.Name).Concat(rules.Where(r => !r.Enabled).Select(r => r.Name)).ToList();
        if (disabled.Count > 0)
            h.Element("li", $"Shipped disabled until a fact is checked (enable by override): {string.Join("; ", disabled)}.");
        if (sharedPacks.Count > 0)
        {
            h.Open("li").Text("Also uses the shared component packs ");
            foreach (var p in sharedPacks) h.Link(LibraryPage + "#" + SiteLayout.Anchor(PackSections.Pack, p.Id), p.Id).Text(" ");
            h.Text($"({sharedPacks.Sum(p => p.Alerts.Count)} more alert(s) there).").Close();
        }
        h.Close();
        h.Open("ul", ("class", "toc"));
        foreach (var (anchor, title) in new[] { ("facts", "How sure each fact is"), ("discovery", "Discovery"), ("console", "Console folders and views"), ("monitors", "Monitors"),
            ("alerts", "Alerts and what to do"), ("collection", "Event and performance collection"), ("rules", "Other rules"), ("tasks", "Tasks"),
            ("parameters", "Overrideable parameters"), ("install", "Install and remove"), ("packs", "Packs") })
            h.Open("li").Link("#" + anchor, title).Close();
        h.Close();

        h.Element("h2", "How sure each fact is", ("id", "facts"));
        h.Element("p", "Each fact the packs rely on, from the product's template: confirmed (with its source) or unconfirmed (with what to check on a server that has the product, and how).", ("class", "note"));
        FactTable(h, ProductFacts(product));

        h.Element("h2", "Discovery", ("id", "discovery"));
        s.Discoveries(discoveries);
        s.Classes([.. own.SelectMany(g => g.Classes)]);

        h.Element("h2", "Console folders and views", ("id", "console"));
        h.Element("p", "The Monitoring workspace after import:", ("class", "note"));
        var library = all[FamilyIds.Library];
        s.FolderTree([.. library.Folders, .. own.SelectMany(g => g.Folders)], [.. library.FolderItems, .. own.SelectMany(g => g.FolderItems)],
            [.. library.Views, .. views]);
        s.Views(views);

        h.Element("h2", "Monitors", ("id", "monitors"));
        if (monitors.Count == 0) h.Element("p", "No monitor of its own.", ("class", "note"));
        s.Monitors(monitors);

        h.Element("h2", "Alerts and what to do", ("id", "alerts"));
        if (alerts.Count == 0) h.Element("p", "No alert of its own.", ("class", "note"));
        s.AlertSummary(alerts);
        s.Alerts(alerts);

        h.Element("h2", "Event and performance collection", ("id", "collection"));
        if (collection.Count == 0) h.Element("p", "Nothing is collected.", ("class", "note"));
        s.Rules(collection);

        h.Element("h2", "Other rules", ("id", "rules"));
        if (otherRules.Count == 0) h.Element("p", "None.", ("class", "note"));
        s.Rules(otherRules);

        h.Element("h2", "Tasks", ("id", "tasks"));
        if (tasks.Count == 0) h.Element("p", "None.", ("class", "note"));
        s.Tasks(tasks);

        h.Element("h2", "Overrideable parameters", ("id", "parameters"));
        h.Element("p", "What an override can change, per workflow, with the value the pack ships (Authoring → Overrides in the console).", ("class", "note"));
        h.Open("table").Open("thead").Open("tr").Element("th", "Workflow").Element("th", "Parameter").Element("th", "Default").Close().Close().Open("tbody");
        foreach (var (id, name, prefix, parameters) in discoveries.Select(d => (d.Id, d.Name, PackSections.Discovery, d.Parameters))
                     .Concat(monitors.Select(m => (m.Id, m.Name, PackSections.Monitor, m.Parameters)))
                     .Concat(rules.Select(r => (r.Id, r.Name, PackSections.Rule, r.Parameters))))
            foreach (var p in parameters)
                h.Open("tr").Open("td").Link("#" + SiteLayout.Anchor(prefix, id), name).Close().Open("td").Element("code", p.Name).Close().Open("td").Element("code", p.Default).Close().Close();
        h.Close().Close();

        h.Element("h2", "Install and remove", ("id", "install"));
        h.Element("p", "Import in this order (kmp import --product " + product.Key + " brings the library and shared packs it needs):");
        h.Open("ol");
        foreach (var m in request.Family.Manifest.Members.Where(m => m.UsedBy.Contains(product.Key)))
            h.Open("li").Element("code", m.PackId).Text(" — " + Role(m)).Close();
        h.Close();
        foreach (var plan in request.Removals.Where(r => r.Key == product.Key))
        {
            h.Element("h3", plan.Title);
            h.Open("p").Element("code", plan.Command).Close();
            h.Open("ol");
            foreach (var step in plan.Steps) h.Element("li", step);
            h.Close();
            foreach (var n in plan.Notes) h.Element("p", n, ("class", "note"));
        }
        h.Open("p").Text("Prerequisites, permissions and the removal of the whole family: ").Link(InstallPage, "Install & remove").Text(".").Close();

        h.Open("div", ("id", "packs"));
        Contents(h, own, s, everyElement: false); // their elements are described above
        h.Close();
    }

    // ------------------------------------------------------------------ facts

    /// <summary>The confidence note of each element that rests on a product fact, by element ID.</summary>
    private static Dictionary<string, FactNote> Facts(LibraryTemplate library, IReadOnlyList<ProductTemplate> products)
    {
        var facts = new Dictionary<string, FactNote>(StringComparer.Ordinal);
        foreach (var p in products)
            foreach (var (ids, fact) in ProductFacts(p))
                foreach (var id in ids) facts.TryAdd(id, fact);
        foreach (var c in library.SharedComponents)
        {
            facts.TryAdd(FamilyIds.SharedComponentDiscovery(c.Key), RegistryFact(c.Discovery));
            foreach (var service in c.Services) facts.TryAdd(FamilyIds.ServiceMonitor(FamilyIds.SharedPrefix(c.Key), service.Key), ServiceFact(service));
        }
        return facts;
    }

    private static IEnumerable<(string[] ElementIds, FactNote Fact)> ProductFacts(ProductTemplate p)
    {
        yield return ([FamilyIds.DiscoveryOf(FamilyIds.ApplicationClassOf(p.Key))], RegistryFact(p.Discovery));
        foreach (var s in p.Services) yield return ([FamilyIds.ServiceMonitor(FamilyIds.ProductPrefix(p.Key), s.Key)], ServiceFact(s));
        foreach (var a in p.EventAlerts)
        {
            var ids = string.Join(", ", a.EventIds);
            var query = $"*[System[Provider[@Name='{a.Source}'] and ({string.Join(" or ", a.EventIds.Select(i => $"EventID={i}"))})]]";
            yield return ([FamilyIds.EventAlertRule(p.Key, a.Key), FamilyIds.EventMonitor(p.Key, a.Key)],
                new FactNote(a.Confidence == Confidence.Confirmed, $"event {ids} of source {a.Source} in {LogWording.The(a.LogName)} ({a.DisplayName})", TemplateText.ForReaders(a.Note),
                    [$"wevtutil gl \"{a.LogName}\"", $"wevtutil qe \"{a.LogName}\" /q:\"{query}\" /c:5 /rd:true /f:text"]));
        }
        if (p.EventCollection is { } c)
        {
            var query = $"*[System[{string.Join(" or ", c.Sources.Select(s => $"Provider[@Name='{s}']"))}]]";
            yield return ([FamilyIds.EventCollectionRuleOf(p.Key)],
                new FactNote(c.Confidence == Confidence.Confirmed, $"events of {string.Join(", ", c.Sources)} in {LogWording.The(c.LogName)}", TemplateText.ForReaders(c.Note),
                    [$"wevtutil gl \"{c.LogName}\"", $"wevtutil qe \"{c.LogName}\" /q:\"{query}\" /c:5 /rd:true /f:text"]));
        }
    }

    private static FactNote RegistryFact(RegistryDiscoveryDefinition d)
    {
        var checks = d.Keys.Select(k => $"reg query \"HKLM\\{k}\"").ToList();
        foreach (var value in new[] { d.VersionValue, d.InstallPathValue }.OfType<string>())
        {
            var slash = value.LastIndexOf('\\');
            if (slash > 0) checks.Add($"reg query \"HKLM\\{value[..slash]}\" /v \"{value[(slash + 1)..]}\"");
        }
        return new FactNote(d.Confidence == Confidence.Confirmed, "registry key " + string.Join(" or ", d.Keys.Select(k => "HKLM\\" + k)), TemplateText.ForReaders(d.Note), checks);
    }

    private static FactNote ServiceFact(ServiceDefinition s)
    {
        var checks = new List<string> { $"sc query \"{s.Name}\"", $"sc qc \"{s.Name}\"" };
        if (s.DiscoveredNames is { Count: > 0 } patterns)
            checks.Add($"powershell -c \"Get-CimInstance Win32_Service | Where-Object {{ {string.Join(" -or ", patterns.Select(x => $"$_.Name -like '{x.Replace('%', '*')}'"))} }} | Select Name, State, StartMode\"");
        return new FactNote(s.Confidence == Confidence.Confirmed, $"Windows service {s.Name} ({s.DisplayName})", TemplateText.ForReaders(s.Note), checks);
    }

    private static void FactTable(Html h, IEnumerable<(string[] ElementIds, FactNote Fact)> facts)
    {
        h.Open("table").Open("thead").Open("tr").Element("th", "Fact").Element("th", "Confidence").Element("th", "Source or reason, and how to check it on a server that has the product").Close().Close().Open("tbody");
        foreach (var (_, f) in facts)
        {
            h.Open("tr", ("data-kind", "fact"));
            h.Element("td", f.Fact);
            h.Open("td").Element("span", f.Confirmed ? "Confirmed" : "Unconfirmed", ("class", "badge " + (f.Confirmed ? "confirmed" : "unsure"))).Close();
            h.Open("td").Text(f.Note ?? (f.Confirmed ? "Confirmed (no note)" : ""));
            foreach (var c in f.Checks) h.Element("code", c, ("class", "check"));
            h.Close();
            h.Close();
        }
        h.Close().Close();
    }
}
