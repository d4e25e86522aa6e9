using Kmp.Testing;

namespace Kmp.ManagementPacks.Tests;

public class AtomicFileTests
{
    [Fact]
    public void Writes_the_whole_file_and_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "sub", "a.xml");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        File.ReadAllText(path).Should().Be("second");
        Directory.GetFiles(Path.Combine(temp.Path, "sub")).Select(Path.GetFileName).Should().Equal("a.xml");
    }

    [Fact]
    public void A_folder_as_target_is_a_one_line_error()
    {
        using var temp = new TempDirectory();
        var act = () => AtomicFile.WriteAllText(temp.Path, "x");
        act.Should().Throw<KmpException>().WithMessage($"{temp.Path}: is a folder, not a file name");
        var trailing = () => AtomicFile.WriteAllText(Path.Combine(temp.Path, "new") + Path.DirectorySeparatorChar, "x");
        trailing.Should().Throw<KmpException>().WithMessage("*is a folder, not a file name");
    }

    [Fact]
    public void A_path_under_a_file_is_a_one_line_error_naming_it_and_the_old_content_stays()
    {
        using var temp = new TempDirectory();
        var file = temp.File("plain");
        File.WriteAllText(file, "keep");
        var act = () => AtomicFile.WriteAllText(Path.Combine(file, "child.xml"), "x");
        act.Should().Throw<KmpException>().WithMessage($"{Path.Combine(file, "child.xml")}: cannot write: *");
        File.ReadAllText(file).Should().Be("keep");
    }
}
