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
}
