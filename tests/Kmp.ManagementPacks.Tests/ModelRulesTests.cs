namespace Kmp.ManagementPacks.Tests;

public class ModelRulesTests
{
    [Theory]
    [InlineData("1Bad", "starts with '1'")]
    [InlineData(".Bad", "starts with '.'")]
    [InlineData("Bad-Id", "may contain only letters, digits, '_' and '.'")]
    [InlineData("", "is empty")]
    public void Invalid_element_ids_are_refused_naming_the_id(string id, string problem)
    {
        var act = () => new StringResource(id);
        act.Should().Throw<KmpException>().WithMessage($"invalid string resource ID '{id}': {problem}*");
    }

    [Fact]
    public void Ids_longer_than_256_characters_are_refused()
    {
        var id = "A" + new string('b', 256);
        var act = () => new Folder(id, SamplePack.SampleFolder);
        act.Should().Throw<KmpException>().WithMessage("*is 257 characters long (at most 256)*");
    }

    [Fact]
    public void An_alias_may_not_equal_an_element_id()
    {
        var b = SamplePack.Builder();
        b.Add(new StringResource("Windows"));
        var act = () => b.Build();
        act.Should().Throw<KmpException>().WithMessage("*ID 'Windows' of a string resource is already used as the alias of the reference to Microsoft.Windows.Library*");
    }

    [Fact]
    public void An_element_may_not_reuse_the_pack_id()
    {
        var b = SamplePack.Builder();
        b.Add(new Folder("Test.Sample", SamplePack.SampleFolder));
        var act = () => b.Build();
        act.Should().Throw<KmpException>().WithMessage("Test.Sample: ID 'Test.Sample' of a folder is already used as the management pack ID*");
    }

    [Fact]
    public void Two_elements_may_not_share_an_id()
    {
        var b = SamplePack.Builder();
        b.Add(new StringResource("Test.Sample.View"));
        var act = () => b.Build();
        act.Should().Throw<KmpException>().WithMessage("*ID 'Test.Sample.View' of a string resource is already used as a view*");
    }

    [Fact]
    public void Display_strings_must_name_an_element_and_be_unique()
    {
        var missing = SamplePack.Builder();
        missing.Add(new DisplayString("Test.Sample.Nothing", "x"));
        missing.Invoking(b => b.Build()).Should().Throw<KmpException>().WithMessage("*display string (ENU) for 'Test.Sample.Nothing', which is not an element of the pack");

        var twice = SamplePack.Builder();
        twice.Add(new DisplayString("Test.Sample.App", "again"));
        twice.Invoking(b => b.Build()).Should().Throw<KmpException>().WithMessage("*two display strings (ENU) for 'Test.Sample.App'");
    }

    [Fact]
    public void Knowledge_articles_must_name_an_element_and_be_unique()
    {
        var b = SamplePack.Builder();
        b.Add(new KnowledgeArticle("Test.Sample.Rule", []));
        b.Invoking(x => x.Build()).Should().Throw<KmpException>().WithMessage("*two knowledge articles (ENU) for 'Test.Sample.Rule'");
    }

    [Fact]
    public void Language_pack_ids_are_checked()
    {
        var b = SamplePack.Builder();
        b.Invoking(x => x.Add(new DisplayString("Test.Sample", "x"), "english")).Should().Throw<KmpException>().WithMessage("*language pack ID 'english'*");
    }

    [Fact]
    public void A_reference_through_an_alias_the_pack_does_not_declare_is_refused()
    {
        var b = SamplePack.Builder();
        var other = new ManagementPackBuilder("Test.Other", new Version(1, 0, 0, 0), "other").Reference(new ManagementPackReference("Undeclared", "Some.Pack", "0123456789abcdef", new Version(1, 0, 0, 0)));
        b.Add(new Folder("Test.Sample.Folder2", other.Folder("Some.Pack.Folder")));
        b.Invoking(x => x.Build()).Should().Throw<KmpException>()
            .WithMessage("Test.Sample: folder 'Test.Sample.Folder2' references folder 'Undeclared!Some.Pack.Folder' through alias 'Undeclared', which the pack does not declare");
    }

    [Fact]
    public void An_alias_named_in_configuration_text_must_be_declared()
    {
        var b = new ManagementPackBuilder("Test.Config", new Version(1, 0, 0, 0), "config");
        var windows = b.Reference(Libraries.Windows);
        var app = new ClassType("Test.Config.App", windows.Class("Microsoft.Windows.LocalApplication"), Hosted: true);
        b.Add(app);
        b.Add(new Rule("Test.Config.Rule", app.Ref, MonitoringCategory.Alert,
            [Module.DataSource("DS", windows.ModuleType("Microsoft.Windows.EventProvider"),
                ConfigElement.Value("ComputerName", "$Target/Host/Property[Type=\"Win!Microsoft.Windows.Computer\"]/NetworkName$"))], []));
        b.Invoking(x => x.Build()).Should().Throw<KmpException>()
            .WithMessage("Test.Config: the configuration of rule 'Test.Config.Rule' names alias 'Win', which the pack does not declare");
    }

    [Fact]
    public void A_local_reference_must_name_an_element_of_the_kind_it_is_typed_with()
    {
        var b = SamplePack.Builder();
        // A folder placed under the view's ID: typed as a folder, the element is a view.
        b.Add(new Folder("Test.Sample.Folder3", new Folder("Test.Sample.View", SamplePack.SampleFolder).Ref));
        b.Invoking(x => x.Build()).Should().Throw<KmpException>()
            .WithMessage("Test.Sample: folder 'Test.Sample.Folder3' references 'Test.Sample.View' as a folder, but it is a view");

        var missing = SamplePack.Builder();
        missing.Add(new Folder("Test.Sample.Folder4", new Folder("Test.Sample.Nowhere", SamplePack.SampleFolder).Ref));
        missing.Invoking(x => x.Build()).Should().Throw<KmpException>()
            .WithMessage("Test.Sample: folder 'Test.Sample.Folder4' references folder 'Test.Sample.Nowhere', which is not an element of the pack");
    }

    [Fact]
    public void Elements_keep_the_order_they_were_added_and_are_found_by_kind()
    {
        var pack = SamplePack.Builder().Build();
        pack.Elements.Select(e => e.Id).Should().StartWith(["Test.Sample.App", "Test.Sample.Component", "Test.Sample.AppHostsComponent", "Test.Sample.Rule"]);
        pack.OfType<ClassType>().Select(c => c.Id).Should().Equal("Test.Sample.App", "Test.Sample.Component");
        pack.Elements.Select(ElementKindNames.Of).Should().Equal(
            "class", "class", "relationship type", "rule", "unit monitor", "folder", "view", "folder item", "string resource");
    }

    [Fact]
    public void Versions_have_four_numeric_parts()
    {
        ManagementPackIdentity.TryParseVersion("1.0.0.0", out var v).Should().BeTrue();
        v.Should().Be(new Version(1, 0, 0, 0));
        ManagementPackIdentity.TryParseVersion("1.0.0", out _).Should().BeFalse();
        ManagementPackIdentity.TryParseVersion("1.0.0.x", out _).Should().BeFalse();
        ManagementPackIdentity.TryParseVersion("1.0.0.-1", out _).Should().BeFalse();
    }
}
