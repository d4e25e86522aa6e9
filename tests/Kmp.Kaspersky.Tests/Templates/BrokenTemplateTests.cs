using System.Text;
using Kmp.Kaspersky.Templates;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Kaspersky.Tests.Templates;

/// <summary>
/// Broken templates, written to a temporary folder: each gives one error "file:line:column: message"
/// pointing at the broken place, and no catalog.
/// </summary>
public sealed class BrokenTemplateTests : IDisposable
{
    private const string Library = """
        {
          "$schema": "schema/library.schema.json",
          "rootFolderName": "Kaspersky Lab",
          "applicationClassName": "Kaspersky Lab Application",
          "description": "Test library.",
          "serviceMonitoring": {
            "intervalSeconds": 900,
            "timeoutSeconds": 120,
            "avStateKeys": ["SOFTWARE\\KasperskyLab\\Components\\34\\1103\\1.0.0.0\\Statistics\\AVState"],
            "databaseMaxAgeHours": 48,
            "maxDisconnectedHours": 24, "checks": [{"check": "RealTimeProtection", "displayName": "RealTimeProtection check", "alertName": "RealTimeProtection problem", "recommendation": "On {0}.", "knowledge": {"summary": "S.", "causes": ["C."], "resolutions": ["R."]}}, {"check": "DatabaseAge", "displayName": "DatabaseAge check", "alertName": "DatabaseAge problem", "recommendation": "On {0}.", "knowledge": {"summary": "S.", "causes": ["C."], "resolutions": ["R."]}}, {"check": "AdministrationServerConnection", "displayName": "AdministrationServerConnection check", "alertName": "AdministrationServerConnection problem", "recommendation": "On {0}.", "knowledge": {"summary": "S.", "causes": ["C."], "resolutions": ["R."]}}]
          },
          "sharedComponents": [
            {
              "key": "Shared",
              "displayName": "Shared component",
              "description": "A component two products use.",
              "discovery": { "keys": ["SOFTWARE\\Shared"] },
              "services": []
            }
          ]
        }
        """;

    private const string Product = """
        {
          "$schema": "../schema/product.schema.json",
          "key": "KSX",
          "displayName": "Example Product",
          "description": "An example product for the tests.",
          "discovery": {
            "keys": ["SOFTWARE\\Example"]
          },
          "services": [
            {
              "name": "exsvc",
              "displayName": "Example Service",
              "key": "Main",
              "recommendation": "Start the Example Service.",
              "knowledge": { "summary": "The service is stopped.", "causes": ["Stopped."], "resolutions": ["Start it."] }
            }
          ],
          "eventAlerts": [
            {
              "key": "Failure",
              "displayName": "Example failure",
              "logName": "Application",
              "source": "Example",
              "eventIds": [1000, 1001],
              "severity": "Critical",
              "priority": "High",
              "alertName": "Example failed",
              "recommendation": "Restart the Example Service.",
              "knowledge": { "summary": "It failed.", "causes": ["A bug."], "resolutions": ["Restart it."] }
            }
          ],
          "healthChecks": [ { "check": "DatabaseAge", "thresholdHours": 72 } ],
          "sharedComponents": ["Shared"]
        }
        """;

    private readonly TempDirectory temp = new();

    public BrokenTemplateTests()
    {
        Directory.CreateDirectory(temp.File("products"));
        File.WriteAllText(temp.File("library.json"), Library);
    }

    public void Dispose() => temp.Dispose();

    private string ProductFile(string name = "ksx.json") => Path.Combine(temp.Path, "products", name);

    private string WriteProduct(string text, string name = "ksx.json")
    {
        File.WriteAllText(ProductFile(name), text);
        return ProductFile(name);
    }

    private string LoadError()
    {
        var act = () => TemplateCatalog.Load(temp.Path);
        return act.Should().Throw<KmpException>().Which.Message;
    }

    /// <summary>"file:line:column: " of an occurrence of <paramref name="marker"/> in <paramref name="text"/> (plus <paramref name="offset"/> characters).</summary>
    private static string At(string file, string text, string marker, int occurrence = 1, int offset = 0)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(marker, index + 1, StringComparison.Ordinal);
            index.Should().BeGreaterThanOrEqualTo(0, $"the marker {marker} is in the test text");
        }
        index += offset;
        var before = text[..index];
        var line = before.Count(c => c == '\n') + 1;
        var column = index - (before.LastIndexOf('\n') + 1) + 1;
        return $"{file}:{line}:{column}: ";
    }

    private static string Replace(string text, string from, string to)
    {
        text.Should().Contain(from);
        return text.Replace(from, to);
    }

    [Fact]
    public void The_valid_templates_of_these_tests_load()
    {
        WriteProduct(Product);

        var catalog = TemplateCatalog.Load(temp.Path);

        catalog.Products.Should().ContainSingle().Which.Key.Should().Be("KSX");
        catalog.Products[0].EventAlerts[0].EventIds.Should().Equal(1000, 1001);
        catalog.Library.NotificationGroupName.Should().Be("KAV Administrators", "the default applies when the property is left out");
        catalog.Products[0].Discovery.FrequencySeconds.Should().Be(86400);
    }

    [Fact]
    public void A_syntax_error_is_reported_where_the_parser_stopped()
    {
        var text = Replace(Product, "\"key\": \"KSX\",", "\"key\": \"KSX\"");
        var file = WriteProduct(text);

        LoadError().Should().StartWith(At(file, text, "\"displayName\": \"Example Product\"") + "invalid JSON: ");
    }

    [Fact]
    public void A_trailing_comma_is_a_syntax_error()
    {
        var text = Replace(Product, "\"sharedComponents\": [\"Shared\"]", "\"sharedComponents\": [\"Shared\",]");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, ",]", offset: 1) + "invalid JSON: The JSON array contains a trailing comma at the end which is not supported in this mode.");
    }

    [Fact]
    public void An_unknown_property_is_reported_at_its_name_with_the_allowed_ones()
    {
        var text = Replace(Product, "  \"displayName\": \"Example Product\",", "  \"colour\": \"red\",\n  \"displayName\": \"Example Product\",");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"colour\"")
            + "unknown property 'colour'; allowed: key, displayName, description, discovery, services, eventAlerts, eventCollection, healthChecks, sharedComponents, preview, eventLogs");
    }

    [Fact]
    public void An_unknown_property_deep_inside_is_reported_with_its_path()
    {
        var text = Replace(Product, "\"severity\": \"Critical\",", "\"severity\": \"Critical\", \"sevrity\": 1,");
        var file = WriteProduct(text);

        LoadError().Should().StartWith(At(file, text, "\"sevrity\"") + "eventAlerts[0]: unknown property 'sevrity'; allowed: key, displayName, ");
    }

    [Fact]
    public void A_property_given_twice_is_refused_at_the_second()
    {
        var text = Replace(Product, "\"displayName\": \"Example Product\",", "\"displayName\": \"Example Product\", \"displayName\": \"Other\",");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"displayName\"", occurrence: 2) + "duplicate property 'displayName'");
    }

    [Fact]
    public void The_schema_reference_is_accepted_whatever_it_says_but_must_be_a_string()
    {
        WriteProduct(Replace(Product, "\"../schema/product.schema.json\"", "\"https://example.invalid/any.json\""));
        TemplateCatalog.Load(temp.Path).Products.Should().ContainSingle();

        var text = Replace(Product, "\"../schema/product.schema.json\"", "42");
        var file = WriteProduct(text);
        LoadError().Should().Be(At(file, text, "42") + "$schema: expected a string, found the number 42");
    }

    [Fact]
    public void A_missing_required_property_is_reported_at_the_object_that_lacks_it()
    {
        var text = Replace(Product, "      \"recommendation\": \"Restart the Example Service.\",\n", "");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "{\n      \"key\": \"Failure\"") + "eventAlerts[0]: missing required property 'recommendation'");
    }

    [Fact]
    public void A_missing_required_top_level_property_is_reported_at_the_start()
    {
        var text = Replace(Product, "  \"displayName\": \"Example Product\",\n", "");
        var file = WriteProduct(text);

        LoadError().Should().Be($"{file}:1:1: missing required property 'displayName'");
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_reported_at_the_value()
    {
        var text = Replace(Product, "\"eventIds\": [1000, 1001]", "\"eventIds\": [1000, \"1001\"]");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"1001\"") + "eventAlerts[0].eventIds[1]: expected an integer, found \"1001\"");
    }

    [Fact]
    public void A_null_where_an_object_is_required_is_a_wrong_type()
    {
        var text = Replace(Product, "\"discovery\": {\n    \"keys\": [\"SOFTWARE\\\\Example\"]\n  },", "\"discovery\": null,");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "null") + "discovery: expected an object, found null");
    }

    [Fact]
    public void A_value_of_the_wrong_type_for_an_optional_property_names_both_allowed_types()
    {
        var text = Replace(Product, "\"thresholdHours\": 72", "\"thresholdHours\": \"72\"");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"72\"") + "healthChecks[0].thresholdHours: expected an integer or null, found \"72\"");
    }

    [Fact]
    public void An_unknown_enum_value_lists_the_allowed_ones()
    {
        var text = Replace(Product, "\"severity\": \"Critical\"", "\"severity\": \"Error\"");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"Error\"") + "eventAlerts[0].severity: \"Error\" is not one of: Information, Warning, Critical");
    }

    [Fact]
    public void Every_check_of_the_shared_script_needs_its_text()
    {
        WriteProduct(Product);
        var text = Replace(Library, "{\"check\": \"DatabaseAge\", \"displayName\": \"DatabaseAge check\"", "{\"check\": \"RealTimeProtection\", \"displayName\": \"DatabaseAge check\"");
        File.WriteAllText(temp.File("library.json"), text);

        // Two texts for one check leave another without: the missing one is reported at the array.
        LoadError().Should().Be(At(temp.File("library.json"), text, "[{\"check\"") + "serviceMonitoring.checks: no text for the DatabaseAge check");
    }

    [Fact]
    public void A_check_text_may_use_only_the_placeholders_its_alert_passes()
    {
        WriteProduct(Product);
        var text = Replace(Library, "\"recommendation\": \"On {0}.\"", "\"recommendation\": \"On {0} for {1} hours.\"");
        File.WriteAllText(temp.File("library.json"), text);

        LoadError().Should().Be(At(temp.File("library.json"), text, "\"On {0} for {1} hours.\"")
            + "serviceMonitoring.checks[0].recommendation: {1} is not passed by the RealTimeProtection alert (use {0} for the computer)");
    }

    [Fact]
    public void A_bad_key_is_refused()
    {
        var text = Replace(Product, "\"key\": \"KSX\"", "\"key\": \"KS-X\"");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"KS-X\"") + "key: key 'KS-X' must start with a letter and contain only letters and digits (A-Z, a-z, 0-9)");
    }

    [Fact]
    public void A_key_starting_with_a_digit_is_refused()
    {
        var text = Replace(Product, "\"key\": \"Main\"", "\"key\": \"1Main\"");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"1Main\"") + "services[0].key: key '1Main' must start with a letter and contain only letters and digits (A-Z, a-z, 0-9)");
    }

    [Fact]
    public void An_event_ID_out_of_range_is_refused()
    {
        var text = Replace(Product, "\"eventIds\": [1000, 1001]", "\"eventIds\": [1000, 70000]");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "70000") + "eventAlerts[0].eventIds[1]: event ID 70000 is out of range (0 to 65535)");
    }

    [Fact]
    public void A_confirmed_alert_may_not_ship_disabled()
    {
        var text = Replace(Product, "\"eventIds\": [1000, 1001],", "\"eventIds\": [1000, 1001], \"enabled\": false,");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "false") + "eventAlerts[0].enabled: only an alert resting on an Unsure fact ships disabled; a confirmed one stays enabled");
    }

    [Fact]
    public void A_confirmed_event_collection_may_not_ship_disabled()
    {
        var text = Replace(Product, "\"healthChecks\":", "\"eventCollection\": { \"logName\": \"System\", \"sources\": [\"Example\"], \"enabled\": false },\n  \"healthChecks\":");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "false") + "eventCollection.enabled: only a collection resting on an Unsure fact ships disabled; a confirmed one stays enabled");
    }

    /// <summary>
    /// The workflows on one log ship all enabled or all disabled: a log kept unconfirmed disables its alert rules
    /// and collection because the agent warns wherever it is missing, and one enabled workflow (here the
    /// collection) would keep that warning coming.
    /// </summary>
    [Fact]
    public void A_workflow_left_enabled_on_a_log_whose_other_workflows_ship_disabled_is_refused()
    {
        var text = Replace(Product, "\"eventIds\": [1000, 1001],", "\"eventIds\": [1000, 1001], \"enabled\": false, \"confidence\": \"Unsure\", \"note\": \"Log guessed.\",");
        text = Replace(text, "\"description\": \"An example product for the tests.\"", "\"description\": \"An example product for the tests. UNSURE: the log.\"");
        text = Replace(text, "\"healthChecks\":", "\"eventCollection\": { \"logName\": \"application\", \"sources\": [\"Example\"], \"confidence\": \"Unsure\", \"note\": \"Log guessed.\", \"enabled\": true },\n  \"healthChecks\":");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "true }") + "eventCollection.enabled: eventAlerts[0] on the \"Application\" log ships disabled, so every workflow on that log does "
            + "(an enabled one keeps the agent warning where the log is missing): set enabled false");
    }

    [Fact]
    public void A_version_value_name_with_a_path_is_refused()
    {
        var text = Replace(Product, "\"keys\": [\"SOFTWARE\\\\Example\"]", "\"keys\": [\"SOFTWARE\\\\Example\"], \"versionValueNames\": [\"Env\\\\ProdVersion\"]");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"Env") + "discovery.versionValueNames[0]: value name 'Env\\ProdVersion' contains '\\'; give the name of a value under the keys (a full path belongs in versionValue)");
    }

    [Fact]
    public void A_service_program_that_is_not_a_service_name_is_refused()
    {
        var text = Replace(Product, "\"keys\": [\"SOFTWARE\\\\Example\"]", "\"keys\": [\"SOFTWARE\\\\Example\"], \"serviceProgram\": \"C:/x.exe\"");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"C:/x.exe\"") + "discovery.serviceProgram: service name 'C:/x.exe' may not contain '/' or '\\'");
    }

    [Fact]
    public void An_event_log_listed_twice_or_naming_a_variable_is_refused()
    {
        const string log = "{ \"logName\": \"Kaspersky Event Log\", \"versions\": \"KES 10\" }";
        var text = Replace(Product, "\"services\": [", $"\"eventLogs\": [{log}, {log.Replace("Event Log", "EVENT LOG", StringComparison.Ordinal)}],\n  \"services\": [");
        var file = WriteProduct(text);
        LoadError().Should().Be(At(file, text, "\"Kaspersky EVENT LOG\"") + "eventLogs[1].logName: duplicate event log 'Kaspersky EVENT LOG' (also at eventLogs[0])");

        text = Replace(Product, "\"services\": [", "\"eventLogs\": [{ \"logName\": \"$Log$\", \"versions\": \"all\" }],\n  \"services\": [");
        file = WriteProduct(text);
        LoadError().Should().Be(At(file, text, "\"$Log$\"") + "eventLogs[0].logName: a log name may not contain '$' (Operations Manager would read it as a variable)");
    }

    [Fact]
    public void A_negative_event_ID_is_refused()
    {
        var text = Replace(Product, "\"eventIds\": [1000, 1001]", "\"eventIds\": [-1]");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "-1") + "eventAlerts[0].eventIds[0]: event ID -1 is out of range (0 to 65535)");
    }

    [Fact]
    public void An_unknown_shared_component_is_reported_in_the_product()
    {
        var text = Replace(Product, "\"sharedComponents\": [\"Shared\"]", "\"sharedComponents\": [\"Shared\", \"Missing\"]");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"Missing\"")
            + $"sharedComponents[1]: unknown shared component 'Missing': {temp.File("library.json")} does not define it (it defines Shared)");
    }

    [Fact]
    public void A_duplicate_product_key_is_reported_in_the_second_file_naming_the_first()
    {
        var first = WriteProduct(Product, "a.json");
        var text = Replace(Product, "\"key\": \"KSX\"", "\"key\": \"ksx\"");
        var second = WriteProduct(text, "b.json");

        LoadError().Should().Be(At(second, text, "\"ksx\"") + $"key: duplicate product key 'ksx' (also in {first})");
    }

    [Fact]
    public void A_duplicate_service_key_in_one_product_is_refused()
    {
        var service = "{\n      \"name\": \"other\", \"displayName\": \"Other\", \"key\": \"Main\", \"recommendation\": \"Start it.\",\n"
            + "      \"knowledge\": { \"summary\": \"s\", \"causes\": [\"c\"], \"resolutions\": [\"r\"] } }";
        var text = Replace(Product, "\"services\": [\n", "\"services\": [\n    " + service + ",\n");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"Main\"", occurrence: 2) + "services[1].key: duplicate service key 'Main' (also at services[0])");
    }

    [Fact]
    public void An_unsure_fact_needs_a_note()
    {
        var text = Replace(Product, "\"keys\": [\"SOFTWARE\\\\Example\"]", "\"keys\": [\"SOFTWARE\\\\Example\"], \"confidence\": \"Unsure\"");
        text = Replace(text, "An example product for the tests.", "An example product; its discovery is UNSURE.");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"Unsure\"") + "discovery.confidence: an Unsure fact needs a note: where it comes from and what to verify");
    }

    [Fact]
    public void A_product_with_unsure_facts_must_say_so_in_its_description()
    {
        var text = Replace(Product, "\"keys\": [\"SOFTWARE\\\\Example\"]", "\"keys\": [\"SOFTWARE\\\\Example\"], \"confidence\": \"Unsure\", \"note\": \"Guessed.\"");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"An example product")
            + "description: 1 fact(s) have confidence Unsure; the description must say which, with the word UNSURE");

        WriteProduct(Replace(text, "An example product for the tests.", "An example product; its discovery is UNSURE."));
        TemplateCatalog.Load(temp.Path).Products.Should().ContainSingle();
    }

    [Fact]
    public void A_recommendation_too_long_for_an_e_mail_is_refused()
    {
        var text = Replace(Product, "\"Restart the Example Service.\"", "\"" + new string('x', 1001) + "\"");
        var file = WriteProduct(text);

        LoadError().Should().StartWith(At(file, text, "\"xxx") + "eventAlerts[0].recommendation: the recommendation is 1001 characters long (at most 1000");
    }

    [Theory]
    [InlineData("\\u0000", "a character XML cannot hold: U+0000 at character 3")]
    [InlineData("\\u0007", "a character XML cannot hold: U+0007 at character 3")]
    [InlineData("\\ufffe", "a character XML cannot hold: U+FFFE at character 3")]
    [InlineData("\\udc00", "half of a surrogate pair")]
    [InlineData("\\ud83d", "half of a surrogate pair")]
    public void A_text_holding_a_character_XML_cannot_hold_is_refused_at_the_text(string character, string message)
    {
        // Knowledge, descriptions and the like go into the pack's XML as they are: the writer could not write them.
        var text = Replace(Product, "\"causes\": [\"A bug.\"]", "\"causes\": [\"A " + character + "bug.\"]");
        var file = WriteProduct(text);

        LoadError().Should().StartWith(At(file, text, "\"A ") + "eventAlerts[0].knowledge.causes[0]: the text holds ").And.Contain(message);
    }

    [Fact]
    public void A_text_with_tabs_line_breaks_and_an_escaped_surrogate_pair_is_read()
    {
        WriteProduct(Replace(Product, "\"causes\": [\"A bug.\"]", "\"causes\": [\"A\\tbug\\r\\n\\ud83d\\ude00.\"]"));

        TemplateCatalog.Load(temp.Path).Products[0].EventAlerts[0].Knowledge.Causes[0].Should().Be("A\tbug\r\n\U0001F600.");
    }

    [Fact]
    public void A_type_the_schema_describes_by_reference_is_checked_too()
    {
        var text = Replace(Product, "\"causes\": [\"A bug.\"]", "\"causes\": \"A bug.\"");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"A bug.\"") + "eventAlerts[0].knowledge.causes: expected an array, found \"A bug.\"");
    }

    [Fact]
    public void Empty_knowledge_is_refused()
    {
        var text = Replace(Product, "\"causes\": [\"A bug.\"]", "\"causes\": []");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "[]") + "eventAlerts[0].knowledge.causes: list at least one cause");
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_refused_at_its_first_bad_byte()
    {
        var text = Replace(Product, "\"Example Product\"", "\"Example ?Product\"");
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;
        File.WriteAllBytes(ProductFile(), bytes);

        LoadError().Should().Be(At(ProductFile(), text, "?Product") + "the file is not UTF-8: byte 0xFF does not begin or continue a character here (save the template as UTF-8)");
    }

    [Theory]
    [InlineData("\"severity\": \"Critical\"", "\"severity\": \"\\ud800\"", "\"\\ud800", "eventAlerts[0].severity")]
    [InlineData("\"eventIds\": [1000, 1001]", "\"eventIds\": [1000, \"\\udc00\"]", "\"\\udc00", "eventAlerts[0].eventIds[1]")]
    [InlineData("\"displayName\": \"Example Product\"", "\"displayName\": \"Example Product\\ud800\"", "\"Example Product\\ud800", "displayName")]
    public void Half_a_surrogate_pair_is_refused_wherever_it_is_even_where_the_schema_wants_no_text(string from, string to, string marker, string path)
    {
        var text = Replace(Product, from, to);
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, marker) + path + ": the text holds half of a surrogate pair (an escaped \\uD800-\\uDFFF without its other half), which XML cannot hold");
    }

    [Fact]
    public void A_property_name_holding_half_a_surrogate_pair_is_refused_at_the_name()
    {
        var text = Replace(Product, "  \"displayName\": \"Example Product\",", "  \"colo\\ud800ur\": 1,\n  \"displayName\": \"Example Product\",");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"colo") + "a property name holds half of a surrogate pair (an escaped \\uD800-\\uDFFF without its other half)");
    }

    [Fact]
    public void A_text_XML_cannot_hold_and_a_schema_problem_are_reported_in_document_order()
    {
        var early = Replace(Replace(Product, "\"Example Product\"", "\"Example\\u0001\""), "\"priority\": \"High\"", "\"priority\": \"Highest\"");
        var file = WriteProduct(early);
        LoadError().Should().StartWith(At(file, early, "\"Example\\u0001") + "displayName: the text holds a character XML cannot hold: U+0001");

        var late = Replace(Replace(Product, "\"Restart it.\"", "\"Restart\\u0001\""), "\"priority\": \"High\"", "\"priority\": \"Highest\"");
        WriteProduct(late);
        LoadError().Should().StartWith(At(file, late, "\"Highest\"") + "eventAlerts[0].priority: \"Highest\" is not one of");
    }

    [Theory]
    [InlineData("Library")]
    [InlineData("LIBRARY")]
    [InlineData("shared")]
    public void A_product_key_the_familys_own_IDs_use_is_refused(string key)
    {
        var text = Replace(Product, "\"key\": \"KSX\"", $"\"key\": \"{key}\"");
        var file = WriteProduct(text);

        LoadError().Should().StartWith(At(file, text, $"\"{key}\"") + $"key: key '{key}' is taken: the family's own IDs use ");
    }

    [Fact]
    public void A_shared_component_key_the_librarys_own_IDs_use_is_refused()
    {
        var library = Replace(Library, "\"key\": \"Shared\"", "\"key\": \"RootFolder\"");
        File.WriteAllText(temp.File("library.json"), library);
        WriteProduct(Replace(Product, "\"sharedComponents\": [\"Shared\"]", "\"sharedComponents\": [\"RootFolder\"]"));

        LoadError().Should().StartWith(At(temp.File("library.json"), library, "\"RootFolder\"") + "sharedComponents[0].key: key 'RootFolder' is taken: the family's own IDs use 'RootFolder'");
    }

    [Fact]
    public void The_reserved_keys_are_every_name_the_familys_own_IDs_use_there()
    {
        var ids = typeof(Kmp.Kaspersky.Family.FamilyIds).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        var underPrefix = ids.Where(id => id.StartsWith("KasperskyLab.", StringComparison.Ordinal)).Select(id => id.Split('.')[1]).Distinct();
        var underLibrary = ids.Where(id => id.StartsWith("KasperskyLab.Library.", StringComparison.Ordinal)).Select(id => id.Split('.')[2]).Distinct();

        TemplateRules.ReservedProductKeys.Should().Contain(underPrefix).And.Contain("Shared", "shared components' packs are KasperskyLab.Shared.<Key>");
        TemplateRules.ReservedComponentKeys.Should().Contain(underLibrary);
    }

    [Fact]
    public void A_registry_value_without_its_key_is_refused()
    {
        var text = Replace(Product, "\"keys\": [\"SOFTWARE\\\\Example\"]", "\"keys\": [\"SOFTWARE\\\\Example\"], \"versionValue\": \"ProductVersion\"");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"ProductVersion\"")
            + "discovery.versionValue: registry value 'ProductVersion' has no key; write the key's path, '\\' and the value's name (SOFTWARE\\...\\ProductVersion)");
    }

    [Fact]
    public void A_registry_path_with_a_line_break_is_refused()
    {
        var text = Replace(Product, "\"keys\": [\"SOFTWARE\\\\Example\"]", "\"keys\": [\"SOFTWARE\\\\Exa\\nmple\"]");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"SOFTWARE\\\\Exa") + "discovery.keys[0]: registry path 'SOFTWARE\\Exa\\nmple' may not contain line breaks or control characters");
    }

    [Theory]
    [InlineData("\"name\": \"exsvc\"", "\"name\": \"ex$Target/Id$svc\"", "\"ex$", "services[0].name: a service name may not contain '$'")]
    [InlineData("\"source\": \"Example\"", "\"source\": \"Ex$MPElement$ample\"", "\"Ex$", "eventAlerts[0].source: an event source may not contain '$'")]
    [InlineData("\"logName\": \"Application\"", "\"logName\": \"App$lication\"", "\"App$", "eventAlerts[0].logName: a log name may not contain '$'")]
    [InlineData("\"keys\": [\"SOFTWARE\\\\Example\"]", "\"keys\": [\"SOFTWARE\\\\Ex$Target/Id$\"]", "\"SOFTWARE\\\\Ex$", "discovery.keys[0]: registry path 'SOFTWARE\\Ex$Target/Id$' may not contain '$'")]
    [InlineData("\"name\": \"exsvc\"", "\"name\": \"ex\\\"svc\"", "\"ex\\\"", "services[0].name: service name 'ex\"svc' may not contain '\"'")]
    public void A_name_Operations_Manager_would_read_as_a_variable_or_a_quote_in_a_service_name_is_refused(string from, string to, string marker, string message)
    {
        var text = Replace(Product, from, to);
        var file = WriteProduct(text);

        LoadError().Should().StartWith(At(file, text, marker) + message);
    }

    [Fact]
    public void An_event_alert_key_that_is_a_health_check_name_is_refused()
    {
        // With resetAfterSeconds the alert is a monitor KasperskyLab.<Key>.<AlertKey>.Monitor, which is the health check's monitor's ID.
        var text = Replace(Product, "\"key\": \"Failure\"", "\"key\": \"DatabaseAge\"");
        var file = WriteProduct(text);

        LoadError().Should().StartWith(At(file, text, "\"DatabaseAge\"") + "eventAlerts[0].key: key 'DatabaseAge' is taken: the family's own IDs use 'DatabaseAge' where event alert keys go");
    }

    [Fact]
    public void A_registry_key_with_a_hive_is_refused()
    {
        var text = Replace(Product, "\"keys\": [\"SOFTWARE\\\\Example\"]", "\"keys\": [\"HKLM\\\\SOFTWARE\\\\Example\"]");
        var file = WriteProduct(text);

        LoadError().Should().Be(At(file, text, "\"HKLM")
            + "discovery.keys[0]: registry path 'HKLM\\SOFTWARE\\Example' starts with a hive; write it under HKLM without the hive (SOFTWARE\\...)");
    }

    [Fact]
    public void The_first_problem_in_document_order_is_reported()
    {
        var text = Replace(Replace(Product, "\"sharedComponents\": [\"Shared\"]", "\"sharedComponents\": [\"Sh-ared\"]"),
            "\"eventIds\": [1000, 1001]", "\"eventIds\": [99999]");
        var file = WriteProduct(text);

        LoadError().Should().StartWith(At(file, text, "99999"));
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var text = Replace(Product, "\"displayName\": \"Example Product\",", "\"displayName\": \"Пример – ü\", \"colour\": 1,");
        var file = WriteProduct(text);

        LoadError().Should().StartWith(At(file, text, "\"colour\"") + "unknown property 'colour'");
    }

    [Fact]
    public void A_byte_order_mark_and_CRLF_line_ends_are_accepted_and_positions_stay_right()
    {
        WriteProduct(Product);
        File.WriteAllText(temp.File("library.json"), Library.ReplaceLineEndings("\r\n"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        TemplateCatalog.Load(temp.Path).Library.SharedComponents.Should().ContainSingle();

        var text = Replace(Product, "\"key\": \"KSX\"", "\"key\": \"K_X\"").ReplaceLineEndings("\r\n");
        File.WriteAllText(ProductFile(), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        LoadError().Should().StartWith(At(ProductFile(), text.ReplaceLineEndings("\n"), "\"K_X\"") + "key: key 'K_X'");
    }

    [Fact]
    public void Errors_in_the_library_name_the_library()
    {
        var text = Replace(Library, "\"intervalSeconds\": 900", "\"intervalSeconds\": true");
        File.WriteAllText(temp.File("library.json"), text);
        WriteProduct(Product);

        LoadError().Should().Be(At(temp.File("library.json"), text, "true") + "serviceMonitoring.intervalSeconds: expected an integer, found true");
    }

    [Fact]
    public void A_product_template_given_to_the_library_reader_is_refused()
    {
        File.WriteAllText(temp.File("library.json"), Product);

        LoadError().Should().StartWith(temp.File("library.json") + ":1:1: missing required property '");
    }

    [Fact]
    public void A_missing_library_or_folder_is_a_one_line_error()
    {
        File.Delete(temp.File("library.json"));
        LoadError().Should().Be($"{temp.File("library.json")}: template file not found");

        var missing = Path.Combine(temp.Path, "nowhere");
        var act = () => TemplateCatalog.Load(missing);
        act.Should().Throw<KmpException>().WithMessage($"{missing}: templates folder not found");
    }

    [Fact]
    public void An_empty_file_and_a_non_object_are_refused()
    {
        var file = WriteProduct("");
        LoadError().Should().StartWith($"{file}:1:1: invalid JSON: ");

        WriteProduct("[1, 2]");
        LoadError().Should().Be($"{file}:1:1: a template must be a JSON object, found an array");
    }

    [Fact]
    public void A_relative_folder_is_named_as_given()
    {
        WriteProduct(Replace(Product, "\"key\": \"KSX\"", "\"key\": \"\""));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, temp.Path);

        var act = () => TemplateCatalog.Load(relative);

        act.Should().Throw<KmpException>().Which.Message.Should().StartWith(Path.Combine(relative, "products", "ksx.json") + ":3:10: key: the key is empty");
    }
}

public sealed class TemplateSchemaValidatorTests
{
    [Theory]
    [InlineData("""{ "type": "object", "properties": { "a": { "type": "string", "minLength": 1 } }, "additionalProperties": false }""", "minLength")]
    [InlineData("""{ "type": "object", "properties": { "a": { "type": "string" } } , "additionalProperties": true }""", "allows additional properties")]
    [InlineData("""{ "type": "object", "properties": { "a": { "$ref": "#/nowhere" } }, "additionalProperties": false }""", "does not contain")]
    [InlineData("""{ "type": "object", "properties": { "a": { "$ref": "other.json#/a" } }, "additionalProperties": false }""", "outside itself")]
    public void A_schema_with_a_keyword_the_validator_does_not_implement_is_refused(string schema, string reason)
    {
        var act = () => new TemplateSchemaValidator(schema);

        act.Should().Throw<InvalidOperationException>().WithMessage($"*{reason}*");
    }

    [Theory]
    [InlineData("""{ "a": 1.0 }""", "a: expected an integer, found the number 1.0")]
    [InlineData("""{ "a": 1e3 }""", "a: expected an integer, found the number 1e3")]
    [InlineData("""{ "a": 3000000000 }""", "a: the number 3000000000 is out of range (-2147483648 to 2147483647)")]
    [InlineData("""{ "a": 7, "b": [ { "c": true } ] }""", "b[0].c: expected a string, found true")]
    [InlineData("""{ "a": 7, "b": [ { } ] }""", "b[0]: missing required property 'c'")]
    public void Values_are_checked_against_the_schema_in_document_order(string json, string expected)
    {
        var validator = new TemplateSchemaValidator("""
            {
              "type": "object",
              "properties": {
                "a": { "type": "integer" },
                "b": { "type": ["array", "null"], "items": { "$ref": "#/properties/item" } },
                "item": { "type": "object", "properties": { "c": { "type": "string" } }, "required": ["c"], "additionalProperties": false }
              },
              "additionalProperties": false
            }
            """);
        using var document = System.Text.Json.JsonDocument.Parse(json);

        var problem = validator.Validate(document.RootElement).First();

        (problem.Path.Length == 0 ? problem.Message : $"{problem.Path}: {problem.Message}").Should().Be(expected);
    }
}

public sealed class TemplateRefusalLineTests
{
    [Theory]
    [InlineData("bad\nkey")]
    [InlineData("bad\rkey")]
    [InlineData("bad\u2028key")]
    public void An_unknown_property_whose_name_breaks_lines_is_refused_in_one_line(string name)
    {
        // The property suite found this with a random seed; the schema check's messages did not pass through the escaping.
        var json = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "mp-templates", "products", "kes.json"));
        json = "{" + System.Text.Json.JsonSerializer.Serialize(name) + ": 1," + json[(json.IndexOf('{') + 1)..];
        var refusal = FluentActions.Invoking(() => TemplateFile.ParseProduct(json, "t.json")).Should().Throw<KmpException>().Which.Message;
        refusal.Should().StartWith("t.json:1:").And.Contain("unknown property").And.NotContainAny("\n", "\r", "\u2028");
    }
}
