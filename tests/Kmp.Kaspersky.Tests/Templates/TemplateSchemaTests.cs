using System.Text.Json.Nodes;
using Kmp.Kaspersky.Templates;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Templates;

public sealed class TemplateSchemaTests
{
    private static string SchemaFolder => Path.Combine(Corpus.RepositoryRoot, "mp-templates", TemplateSchema.FolderName);

    [Fact]
    public void Committed_schemas_equal_a_fresh_export()
    {
        if (Environment.GetEnvironmentVariable("KMP_UPDATE_SCHEMA") == "1") TemplateSchema.WriteAll(SchemaFolder);

        var stale = TemplateSchema.StaleFiles(SchemaFolder);

        stale.Should().BeEmpty(
            "the definition types changed; regenerate mp-templates/schema/ with KMP_UPDATE_SCHEMA=1 dotnet test tests/Kmp.Kaspersky.Tests "
            + "(or kmp templates --export-schema mp-templates/schema) and commit the result");
    }

    [Fact]
    public void Every_template_field_is_documented_in_docs_templates()
    {
        var doc = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "docs", "templates.md"));
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["properties"] is JsonObject properties)
                        foreach (var (name, _) in properties) fields.Add(name);
                    foreach (var (_, child) in o) Walk(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Walk(child);
                    break;
            }
        }
        Walk(JsonNode.Parse(TemplateSchema.Product));
        Walk(JsonNode.Parse(TemplateSchema.Library));

        fields.Should().Contain(["resolvedBy", "resetAfterSeconds", "enabled", "healthAspect", "preview", "versionValueNames", "eventLogs"]);
        fields.Where(f => !doc.Contains($"`{f}`", StringComparison.Ordinal)).Should().BeEmpty("every field a template may hold is described in docs/templates.md");
    }

    [Fact]
    public void A_changed_or_missing_schema_file_is_reported_stale()
    {
        using var temp = new TempDirectory();
        TemplateSchema.WriteAll(temp.Path);
        TemplateSchema.StaleFiles(temp.Path).Should().BeEmpty();

        File.WriteAllText(temp.File(TemplateSchema.ProductFileName), TemplateSchema.Product.Replace("\"eventAlerts\"", "\"alerts\""));
        File.Delete(temp.File(TemplateSchema.LibraryFileName));

        TemplateSchema.StaleFiles(temp.Path).Should().Equal(TemplateSchema.LibraryFileName, TemplateSchema.ProductFileName);
    }

    [Fact]
    public void Line_ends_do_not_make_a_schema_stale()
    {
        using var temp = new TempDirectory();
        TemplateSchema.WriteAll(temp.Path);
        File.WriteAllText(temp.File(TemplateSchema.LibraryFileName), TemplateSchema.Library.ReplaceLineEndings("\r\n"));

        TemplateSchema.StaleFiles(temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void Required_properties_are_the_constructor_parameters_without_a_default()
    {
        var product = JsonNode.Parse(TemplateSchema.Product)!;
        Names(product["required"]).Should().Equal("key", "displayName", "description", "discovery", "services", "eventAlerts");
        Names(product["properties"]!["eventAlerts"]!["items"]!["required"]).Should().Equal(
            "key", "displayName", "logName", "source", "eventIds", "severity", "priority", "alertName", "recommendation", "knowledge");
        Names(product["properties"]!["discovery"]!["required"]).Should().Equal("keys");

        var library = JsonNode.Parse(TemplateSchema.Library)!;
        Names(library["required"]).Should().Equal("rootFolderName", "applicationClassName", "description", "serviceMonitoring", "sharedComponents");
    }

    [Fact]
    public void Every_object_refuses_unknown_properties_and_enums_are_strings()
    {
        foreach (var text in new[] { TemplateSchema.Library, TemplateSchema.Product })
        {
            var objects = Walk(JsonNode.Parse(text)!).Where(n => n["properties"] is not null).ToList();
            objects.Should().NotBeEmpty();
            objects.Should().OnlyContain(n => n["additionalProperties"] != null && n["additionalProperties"]!.GetValue<bool>() == false);
        }
        var severity = JsonNode.Parse(TemplateSchema.Product)!["properties"]!["eventAlerts"]!["items"]!["properties"]!["severity"]!;
        Names(severity["enum"]).Should().Equal("Information", "Warning", "Critical");
    }

    [Fact]
    public void Templates_may_name_their_schema_and_it_is_in_the_schema()
    {
        var product = JsonNode.Parse(TemplateSchema.Product)!;
        product["properties"]![TemplateSchema.SchemaProperty]!["type"]!.GetValue<string>().Should().Be("string");
        product[TemplateSchema.SchemaProperty]!.GetValue<string>().Should().Be("https://json-schema.org/draft/2020-12/schema");
        product["properties"]!["key"]!["description"]!.GetValue<string>().Should().Contain("KasperskyLab.<Key>.Discovery");
    }

    private static List<string> Names(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private static IEnumerable<JsonObject> Walk(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
            foreach (var (_, child) in obj)
            {
                if (child is null) continue;
                foreach (var inner in Walk(child)) yield return inner;
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                if (child is null) continue;
                foreach (var inner in Walk(child)) yield return inner;
            }
        }
    }
}
