namespace Kmp.Documentation;

/// <summary>How sure a product fact behind an element is, and how to check it on a real server.</summary>
/// <param name="Confirmed">Confirmed by an official document or a real working file.</param>
/// <param name="Fact">What the fact is ("registry key …", "service AVP", "event 302 of avp in …").</param>
/// <param name="Note">Its source, or why it is unsure.</param>
/// <param name="Checks">Commands that check it on a server where the product is installed.</param>
public sealed record FactNote(bool Confirmed, string Fact, string? Note, IReadOnlyList<string> Checks);

/// <summary>
/// The sections that describe packs (classes, discoveries, monitors, alerts, rules, collection, tasks,
/// views, overrides): the same for the family's guide and for any pack's page. <paramref name="link"/> gives
/// the href of an element documented elsewhere on the site (null when it is not).
/// </summary>
internal sealed class PackSections(Html h, Func<ElementName, string, string?> link, IReadOnlyDictionary<string, FactNote> facts)
{
    public const string Alert = "a", Monitor = "m", Rule = "r", Discovery = "d", View = "v", Folder = "f", Task = "t", Class = "c", Pack = "p", Fact = "x";

    private void Name(ElementName e, string prefix)
    {
        if (link(e, prefix) is { } href) h.Link(href, e.Name);
        else h.Text(e.Name);
    }

    private void Header(string id, string name, string kind, params (string Text, string Css)[] badges)
    {
        h.Open("h4");
        h.Text(name);
        foreach (var (text, css) in badges) h.Element("span", text, ("class", "badge " + css));
        h.Close();
        h.Element("div", $"{kind} · {id}", ("class", "id"));
    }

    private void Rows(IEnumerable<(string Key, Action Value)> rows)
    {
        h.Open("table").Open("tbody");
        foreach (var (key, value) in rows)
        {
            h.Open("tr").Element("td", key, ("class", "k")).Open("td");
            value();
            h.Close().Close();
        }
        h.Close().Close();
    }

    private void Settings(IReadOnlyList<Setting> settings)
    {
        if (settings.Count == 0) return;
        h.Open("table").Open("thead").Open("tr").Element("th", "Setting").Element("th", "Value").Close().Close().Open("tbody");
        foreach (var s in settings) h.Open("tr").Element("td", s.Name, ("class", "k")).Open("td").Element("code", s.Value).Close().Close();
        h.Close().Close();
    }

    private void Parameters(IReadOnlyList<ParameterDoc> parameters)
    {
        if (parameters.Count == 0) return;
        h.Element("h5", "Overrideable parameters");
        h.Open("table").Open("thead").Open("tr").Element("th", "Parameter").Element("th", "Type").Element("th", "Default").Close().Close().Open("tbody");
        foreach (var p in parameters) h.Open("tr").Open("td").Element("code", p.Name).Close().Element("td", p.Type).Open("td").Element("code", p.Default).Close().Close();
        h.Close().Close();
    }

    public void Knowledge(IReadOnlyList<KnowledgeSectionDoc> sections)
    {
        if (sections.Count == 0) return;
        h.Open("div", ("class", "knowledge"));
        foreach (var s in sections)
        {
            h.Element("h5", s.Title);
            foreach (var p in s.Paragraphs) h.Element("p", p);
            if (s.Items.Count > 0)
            {
                h.Open("ul");
                foreach (var i in s.Items) h.Element("li", i);
                h.Close();
            }
        }
        h.Close();
    }

    private void FactOf(string id)
    {
        if (!facts.TryGetValue(id, out var fact)) return;
        h.Open("p", ("class", "note"));
        h.Element("span", fact.Confirmed ? "Confirmed" : "Unconfirmed", ("class", "badge " + (fact.Confirmed ? "confirmed" : "unsure")));
        h.Text(" " + fact.Fact + (fact.Note is null ? "" : ": " + fact.Note));
        h.Close();
        if (!fact.Confirmed)
            foreach (var c in fact.Checks) h.Element("code", c, ("class", "check"));
    }

    private static (string, string)[] EnabledBadge(bool enabled) => enabled ? [] : [("disabled", "preview")];

    public void Classes(IReadOnlyList<ClassDoc> classes)
    {
        foreach (var c in classes)
        {
            h.Open("div", ("class", "card"), ("id", SiteLayout.Anchor(Class, c.Id)), ("data-kind", "class"));
            Header(c.Id, c.Name, c.Abstract ? "abstract class" : "class");
            if (c.Description is not null) h.Element("p", c.Description);
            Rows([("Base class", () => Name(c.Base, Class)), ("Hosted", () => h.Text(c.Hosted ? "yes" : "no")),
                ("Properties", () => h.Text(c.Properties.Count == 0 ? "(none of its own)" : string.Join("; ", c.Properties)))]);
            h.Close();
        }
    }

    public void Discoveries(IReadOnlyList<DiscoveryDoc> discoveries)
    {
        foreach (var d in discoveries)
        {
            h.Open("div", ("class", "card"), ("id", SiteLayout.Anchor(Discovery, d.Id)), ("data-kind", "discovery"));
            Header(d.Id, d.Name, "discovery", EnabledBadge(d.Enabled));
            if (d.Description is not null) h.Element("p", d.Description);
            FactOf(d.Id);
            Rows([("Runs on", () => Name(d.Target, Class)), ("Discovers", () => h.Text(string.Join("; ", d.Discovers))), ("How", () => h.Text(d.DataSourceType))]);
            Settings(d.Settings);
            Parameters(d.Parameters);
            h.Close();
        }
    }

    public void Monitors(IReadOnlyList<MonitorDoc> monitors)
    {
        foreach (var m in monitors)
        {
            h.Open("div", ("class", "card"), ("id", SiteLayout.Anchor(Monitor, m.Id)), ("data-kind", "monitor"));
            Header(m.Id, m.Name, m.Kind, EnabledBadge(m.Enabled));
            if (m.Description is not null) h.Element("p", m.Description);
            FactOf(m.Id);
            Rows([
                ("Monitors", () => Name(m.Target, Class)),
                ("Rolls up to", () => { Name(m.Parent, Monitor); h.Text($" ({m.Category})"); }),
                (m.Kind == "dependency monitor" ? "Member monitor" : "Monitor type", () => Name(m.Type, Monitor)),
                ("What resets it", () => h.Text(m.Resets)),
                ("Alert", () => { if (m.AlertId is null) h.Text("none"); else h.Link("#" + SiteLayout.Anchor(Alert, m.AlertId), "see the alert"); }),
            ]);
            if (m.States.Count > 0)
            {
                h.Open("table").Open("thead").Open("tr").Element("th", "Health state").Element("th", "Health").Element("th", "Meaning").Close().Close().Open("tbody");
                foreach (var s in m.States)
                    h.Open("tr").Element("td", s.Name).Element("td", s.Health, ("class", "h-" + s.Health)).Element("td", s.Description ?? "").Close();
                h.Close().Close();
            }
            Settings(m.Settings);
            Parameters(m.Parameters);
            if (m.AlertId is null) Knowledge(m.Knowledge); // with an alert, the knowledge is shown with the alert
            h.Close();
        }
    }

    /// <summary>Every alert in one table (name, severity, priority, what raises it), each linked to its card below.</summary>
    public void AlertSummary(IReadOnlyList<AlertDoc> alerts)
    {
        if (alerts.Count == 0) return;
        h.Open("table", ("class", "summary")).Open("thead").Open("tr").Element("th", "Alert").Element("th", "Severity").Element("th", "Priority").Element("th", "Raised by").Close().Close().Open("tbody");
        foreach (var a in alerts)
        {
            h.Open("tr", ("data-kind", "alert")).Open("td").Link("#" + SiteLayout.Anchor(Alert, a.Anchor), a.Name).Close();
            h.Element("td", a.Severity, ("class", "sev-" + a.Severity.Split(' ')[0])).Element("td", a.Priority);
            h.Open("td").Text(a.RaisedByKind + " ");
            Name(a.RaisedBy, a.RaisedByKind == "monitor" ? Monitor : Rule);
            h.Close().Close();
        }
        h.Close().Close();
    }

    public void Alerts(IReadOnlyList<AlertDoc> alerts)
    {
        foreach (var a in alerts)
        {
            h.Open("div", ("class", "card"), ("id", SiteLayout.Anchor(Alert, a.Anchor)), ("data-kind", "alert"));
            var severity = a.Severity.Split(' ')[0];
            Header(a.Id, a.Name, "alert", (a.Severity, "sev-" + severity));
            FactOf(a.RaisedBy.Id);
            Rows([
                ("Severity", () => h.Element("span", a.Severity, ("class", "sev-" + severity))),
                ("Priority", () => h.Text(a.Priority)),
                ("Raised by", () => { h.Text(a.RaisedByKind + " "); Name(a.RaisedBy, a.RaisedByKind == "monitor" ? Monitor : Rule); }),
                ("Closes", () => h.Text(a.Closes)),
                ("Alert description", () =>
                {
                    h.Element("span", a.Description ?? "", ("class", "note"));
                    if (a.Description?.Contains("{0}", StringComparison.Ordinal) == true)
                        h.Element("div", "({0}, {1}, … are filled in from the event or the monitor's data when the alert is raised.)", ("class", "note"));
                }),
            ]);
            if (a.Knowledge.Count > 0) Knowledge(a.Knowledge);
            else h.Element("p", "No knowledge article in the pack.", ("class", "note"));
            h.Close();
        }
    }

    public void Rules(IReadOnlyList<RuleDoc> rules)
    {
        foreach (var r in rules)
        {
            h.Open("div", ("class", "card"), ("id", SiteLayout.Anchor(Rule, r.Id)), ("data-kind", "rule"));
            Header(r.Id, r.Name, $"rule ({r.Category})", EnabledBadge(r.Enabled));
            if (r.Description is not null) h.Element("p", r.Description);
            FactOf(r.Id);
            Rows([
                ("Runs on", () => Name(r.Target, Class)),
                ("Data source", () => h.Text(string.Join(", ", r.DataSourceTypes))),
                ("Then", () => h.Text(string.Join("; ", r.Actions))),
                ("Alert", () => { if (r.AlertId is null) h.Text("none"); else h.Link("#" + SiteLayout.Anchor(Alert, r.AlertId), "see the alert"); }),
            ]);
            Settings(r.Settings);
            Parameters(r.Parameters);
            if (r.AlertId is null) Knowledge(r.Knowledge);
            h.Close();
        }
    }

    public void Tasks(IReadOnlyList<TaskDoc> tasks)
    {
        foreach (var t in tasks)
        {
            h.Open("div", ("class", "card"), ("id", SiteLayout.Anchor(Task, t.Id)), ("data-kind", "task"));
            Header(t.Id, t.Name, "task");
            if (t.Description is not null) h.Element("p", t.Description);
            Rows([("Runs on", () => Name(t.Target, Class)), ("Action", () => h.Text(t.Action))]);
            Settings(t.Settings);
            h.Close();
        }
    }

    public void Views(IReadOnlyList<ViewDoc> views)
    {
        if (views.Count == 0) return;
        h.Open("table").Open("thead").Open("tr").Element("th", "View").Element("th", "Type").Element("th", "Shows").Element("th", "Description").Close().Close().Open("tbody");
        foreach (var v in views)
        {
            h.Open("tr", ("id", SiteLayout.Anchor(View, v.Id)), ("data-kind", "view"));
            h.Open("td").Text(v.Name).Element("div", v.Id, ("class", "id")).Close();
            h.Element("td", ViewTypeName(v.Type));
            h.Open("td");
            Name(v.Target, Class);
            h.Close();
            h.Element("td", (v.Description ?? "") + (v.Visible ? "" : " (hidden)"));
            h.Close();
        }
        h.Close().Close();
    }

    public static string ViewTypeName(ElementName type)
    {
        if (type.Name != type.Id) return type.Name;
        var id = type.Id;
        const string prefix = "Microsoft.SystemCenter.";
        if (id.StartsWith(prefix, StringComparison.Ordinal) && id.EndsWith("ViewType", StringComparison.Ordinal))
            return id[prefix.Length..^"ViewType".Length] + " view";
        return id;
    }

    /// <summary>The console's folder tree: each folder under its parent, views inside, as the Monitoring workspace lists them (by name).</summary>
    public void FolderTree(IReadOnlyList<FolderDoc> folders, IReadOnlyList<FolderPlacement> placements, IReadOnlyList<ViewDoc> views, string? rootParent = NameIndex.MonitoringRoot)
    {
        var byParent = folders.ToLookup(f => f.Parent.Id, StringComparer.Ordinal);
        var viewsById = views.ToDictionary(v => v.Id, StringComparer.Ordinal);
        var known = folders.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var roots = folders.Where(f => rootParent is null ? !known.Contains(f.Parent.Id) : f.Parent.Id == rootParent || !known.Contains(f.Parent.Id))
            .OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
        if (folders.Count == 0)
        {
            h.Element("p", "The pack adds no folder to the console.", ("class", "note"));
            return;
        }
        var placedIn = placements.Where(p => viewsById.ContainsKey(p.ElementId)).ToLookup(p => p.FolderId, p => viewsById[p.ElementId], StringComparer.Ordinal);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        // Walked with a stack of steps, not recursion: a pack may nest folders deeper than the thread's stack.
        var steps = new Stack<Action>();
        void Then(params Action[] next) { for (var i = next.Length - 1; i >= 0; i--) steps.Push(next[i]); }
        void Run() { while (steps.Count > 0) steps.Pop()(); }

        if (roots.Count > 0) h.Open("ul", ("class", "tree"), ("data-tree", "console"));
        foreach (var root in roots)
        {
            Then(() =>
            {
                h.Open("li");
                if (root.Parent.Id != NameIndex.MonitoringRoot) h.Element("span", root.Parent.Name + " / ", ("class", "note"));
            }, () => Folder(root), () => h.Close());
            Run();
        }
        if (roots.Count > 0) h.Close();

        // A folder whose parents run in a cycle never reaches the console's root: SCOM shows it nowhere, the guide lists it here.
        var unreachable = folders.Where(f => !shown.Contains(f.Id)).OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
        if (unreachable.Count > 0)
        {
            h.Element("p", "Folders whose parents run in a cycle: they never reach the Monitoring workspace, so the console shows them nowhere.", ("class", "note"));
            h.Open("ul", ("data-tree", "unreachable"));
            foreach (var f in unreachable)
            {
                h.Open("li");
                h.Element("span", f.Name, ("class", "folder"), ("id", SiteLayout.Anchor(PackSections.Folder, f.Id)), ("data-folder", f.Name));
                h.Element("span", $" — {f.Id}, in {f.Parent.Name}", ("class", "note"));
                h.Close();
            }
            h.Close();
        }

        void Folder(FolderDoc f)
        {
            if (!shown.Add(f.Id)) return;
            h.Element("span", f.Name, ("class", "folder"), ("id", SiteLayout.Anchor(PackSections.Folder, f.Id)), ("data-folder", f.Name));
            var children = byParent[f.Id].Where(c => !shown.Contains(c.Id)).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
            var placed = placedIn[f.Id].OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ToList();
            if (children.Count == 0 && placed.Count == 0) return;
            var next = new List<Action> { () => h.Open("ul") };
            foreach (var c in children)
                next.AddRange([() => h.Open("li"), () => Folder(c), () => h.Close()]);
            foreach (var v in placed)
            {
                next.Add(() =>
                {
                    h.Open("li");
                    h.Open("span", ("class", "view"), ("data-view", v.Name));
                    Name(new ElementName(v.Id, v.Name, null), View);
                    h.Close();
                    h.Element("span", $" — {ViewTypeName(v.Type)} of {v.Target.Name}", ("class", "note"));
                    h.Close();
                });
            }
            next.Add(() => h.Close());
            Then([.. next]);
        }
    }

    public void Overrides(IReadOnlyList<OverrideDoc> overrides)
    {
        if (overrides.Count == 0) return;
        h.Open("table").Open("thead").Open("tr").Element("th", "Override").Element("th", "Of").Element("th", "For").Element("th", "Sets").Close().Close().Open("tbody");
        foreach (var o in overrides)
        {
            h.Open("tr").Open("td").Text(o.Name).Element("div", o.Id, ("class", "id")).Close();
            h.Open("td");
            Name(o.Workflow, o.Kind.StartsWith("rule", StringComparison.Ordinal) ? Rule : Monitor);
            h.Close().Open("td");
            Name(o.Context, Class);
            h.Close().Open("td").Element("code", $"{o.Parameter} = {o.Value}{(o.Enforced ? " (enforced)" : "")}").Close().Close();
        }
        h.Close().Close();
    }

    public void Others(IReadOnlyList<OtherElementDoc> others)
    {
        if (others.Count == 0) return;
        h.Open("table").Open("thead").Open("tr").Element("th", "Element").Element("th", "Kind").Element("th", "Description").Close().Close().Open("tbody");
        foreach (var o in others)
            h.Open("tr").Open("td").Text(o.Name).Element("div", o.Id, ("class", "id")).Close().Element("td", o.Kind).Element("td", o.Description ?? "").Close();
        h.Close().Close();
    }

    public void References(IReadOnlyList<ReferenceDoc> references)
    {
        if (references.Count == 0) return;
        h.Open("table").Open("thead").Open("tr").Element("th", "Alias").Element("th", "Pack").Element("th", "Version").Element("th", "Key token").Close().Close().Open("tbody");
        foreach (var r in references)
        {
            h.Open("tr").Element("td", r.Alias).Open("td");
            if (link(new ElementName(r.PackId, r.PackId, r.PackId), Pack) is { } href) h.Link(href, r.PackId);
            else h.Text(r.PackId + (r.Resolved ? "" : " (not given: its elements are shown by ID)"));
            h.Close().Element("td", r.Version).Open("td").Element("code", r.KeyToken).Close().Close();
        }
        h.Close().Close();
    }
}
