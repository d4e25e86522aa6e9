using System.Text.Json;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary><c>kmp templates</c>: checking and listing the templates, exporting their schemas.</summary>
public class TemplatesCommandTests
{
    [Fact]
    public void Lists_every_product_of_the_repository_templates()
    {
        var keys = Directory.GetFiles(Path.Combine(Cli.Templates, "products"), "*.json").Select(ProductKey).ToList();
        keys.Should().Contain(["KSC", "KSWS", "KES"]);

        var result = Cli.Run("templates", "--templates", Cli.Templates);
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        result.Err.Should().BeEmpty("the checked-in schemas are those of this kmp");
        foreach (var key in keys)
            result.OutLines.Should().ContainSingle(l => l.StartsWith(key + " ", StringComparison.Ordinal))
                .Which.Should().MatchRegex($@"^{key} +\S.*: \d+ services?, \d+ event alerts?, \d+ health checks?");
        result.OutLines.Should().Contain(l => l.StartsWith("library  ExchangeSecurity: ", StringComparison.Ordinal));
        result.OutLines[^1].Should().Be($"{keys.Count} product templates and the library in {Cli.Templates} are valid");
    }

    [Fact]
    public void Invalid_json_in_a_copy_is_one_line_with_file_line_and_column()
    {
        using var temp = new TempDirectory();
        var templates = CopyTemplates(temp);
        var product = Path.Combine(templates, "products", "ksc.json");
        var json = File.ReadAllText(product);
        json.Should().Contain("\"key\": \"KSC\",");
        File.WriteAllText(product, json.Replace("\"key\": \"KSC\",", "\"key\": \"KSC\""));
        var line = json[..json.IndexOf("\"displayName\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        Cli.Run("templates", "--templates", templates)
            .ShouldBeOneLineError(ExitCodes.BadInput, $@"^{Cli.Literal(product)}:{line}:\d+: invalid JSON: ");
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_one_line_with_file_line_and_column()
    {
        using var temp = new TempDirectory();
        var templates = CopyTemplates(temp);
        var product = Path.Combine(templates, "products", "ksws.json");
        var json = File.ReadAllText(product);
        File.WriteAllText(product, json.Replace("\"key\": \"KSWS\"", "\"key\": 42"));
        var line = json[..json.IndexOf("\"key\": \"KSWS\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        Cli.Run("templates", "--templates", templates)
            .ShouldBeOneLineError(ExitCodes.BadInput, $@"^{Cli.Literal(product)}:{line}:\d+: .*key");
    }

    [Fact]
    public void A_character_XML_cannot_hold_is_refused_by_templates_and_build_before_anything_is_written()
    {
        // A NUL escaped in a description was read, and kmp build then failed writing the pack as an internal error.
        using var temp = new TempDirectory();
        var templates = CopyTemplates(temp);
        var product = Path.Combine(templates, "products", "kes.json");
        var json = File.ReadAllText(product);
        var description = json.IndexOf("\"description\": \"", StringComparison.Ordinal);
        description.Should().BePositive();
        File.WriteAllText(product, json.Insert(description + "\"description\": \"".Length, "\\u0000"));
        var line = json[..description].Count(c => c == '\n') + 1;
        var pattern = $@"^{Cli.Literal(product)}:{line}:\d+: description: the text holds a character XML cannot hold: U\+0000 at character 1 ";

        Cli.Run("templates", "--templates", templates).ShouldBeOneLineError(ExitCodes.BadInput, pattern);
        var output = temp.File("out");
        Cli.Run("build", "--all", "--templates", templates, "--out", output).ShouldBeOneLineError(ExitCodes.BadInput, pattern);
        (Directory.Exists(output) ? Directory.EnumerateFileSystemEntries(output, "*", SearchOption.AllDirectories) : []).Should().BeEmpty();
    }

    [Fact]
    public void A_missing_templates_folder_is_one_line()
    {
        using var temp = new TempDirectory();
        var missing = temp.File("nowhere");
        Cli.Run("templates", "--templates", missing).ShouldBeOneLineError(ExitCodes.BadInput, $"{Cli.Literal(missing)}");
    }

    [Fact]
    public void Missing_schemas_are_a_warning_that_export_schema_resolves()
    {
        using var temp = new TempDirectory();
        var templates = CopyTemplates(temp);
        var schemas = Path.Combine(templates, "schema");
        Directory.Delete(schemas, recursive: true);

        var stale = Cli.Run("templates", "--templates", templates);
        stale.Code.Should().Be(ExitCodes.Success, "the templates themselves are valid");
        stale.ErrLines.Should().ContainSingle().Which.Should().StartWith($"warning: {schemas}: ")
            .And.EndWith($"run: kmp templates --export-schema {schemas}");

        var export = Cli.Run("templates", "--export-schema", schemas);
        export.Code.Should().Be(ExitCodes.Success, export.Err);
        export.OutLines.Should().HaveCount(2).And.OnlyContain(l => l.StartsWith("wrote ", StringComparison.Ordinal));
        Cli.FilesIn(schemas).Should().Equal("library.schema.json", "product.schema.json");
        foreach (var file in Cli.FilesIn(schemas))
            File.ReadAllText(Path.Combine(schemas, file)).Should().Be(File.ReadAllText(Path.Combine(Cli.Templates, "schema", file)));

        var fresh = Cli.Run("templates", "--templates", templates);
        fresh.Code.Should().Be(ExitCodes.Success);
        fresh.Err.Should().BeEmpty();
    }

    private static string ProductKey(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.GetProperty("key").GetString()!;
    }

    private static string CopyTemplates(TempDirectory temp)
    {
        var target = temp.File("templates");
        foreach (var file in Directory.EnumerateFiles(Cli.Templates, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Cli.Templates, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }
}
