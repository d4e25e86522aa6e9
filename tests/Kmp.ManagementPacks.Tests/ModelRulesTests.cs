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
        var act = () => new Folder(id, "X");
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
        b.Add(new Folder("Test.Sample", "Test.Sample.Folder"));
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
    public void Versions_have_four_numeric_parts()
    {
        ManagementPackIdentity.TryParseVersion("1.0.0.0", out var v).Should().BeTrue();
        v.Should().Be(new Version(1, 0, 0, 0));
        ManagementPackIdentity.TryParseVersion("1.0.0", out _).Should().BeFalse();
        ManagementPackIdentity.TryParseVersion("1.0.0.x", out _).Should().BeFalse();
        ManagementPackIdentity.TryParseVersion("1.0.0.-1", out _).Should().BeFalse();
    }
}
