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

    [SkippableFact]
    public void A_symbolic_link_as_target_is_refused_and_stays_a_link()
    {
        using var temp = new TempDirectory();
        var target = temp.File("target");
        File.WriteAllText(target, "keep");
        var link = temp.File("link");
        try { File.CreateSymbolicLink(link, target); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { Skip.If(true, "no symbolic links here: " + ex.Message); }
        var act = () => AtomicFile.WriteAllText(link, "x");
        var error = act.Should().Throw<KmpException>().Which;
        error.Kind.Should().Be(ErrorKind.CannotWrite);
        error.Message.Should().StartWith($"{link}: is a symbolic link");
        new FileInfo(link).LinkTarget.Should().Be(target);
        File.ReadAllText(target).Should().Be("keep");
    }

    [SkippableFact]
    public void A_fifo_as_target_is_refused_and_stays_a_fifo()
    {
        // A FIFO stands for every special file: a regression must not be able to replace /dev/null on the test machine.
        Skip.If(OperatingSystem.IsWindows(), "FIFOs are Unix files");
        FileNode.Of("/dev/null", followLinks: false).Kind.Should().Be(FileNodeKind.Special, "devices are told from regular files");
        using var temp = new TempDirectory();
        var fifo = temp.File("fifo");
        using (var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", [fifo]) { RedirectStandardError = true })!)
        {
            mkfifo.WaitForExit();
            Skip.If(mkfifo.ExitCode != 0, "mkfifo is not available");
        }
        var act = () => AtomicFile.WriteAllText(fifo, "x");
        var error = act.Should().Throw<KmpException>().Which;
        error.Kind.Should().Be(ErrorKind.CannotWrite);
        error.Message.Should().Be($"{fifo}: is not a regular file (a device, pipe or socket); kmp replaces only regular files");
        FileNode.Of(fifo, followLinks: false).Kind.Should().Be(FileNodeKind.Special);
        Directory.GetFiles(temp.Path).Should().Equal(fifo);
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_replaced_file_keeps_its_permissions()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions");
        using var temp = new TempDirectory();
        var path = temp.File("secret.json");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        AtomicFile.WriteAllText(path, "new");
        File.ReadAllText(path).Should().Be("new");
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        FileNode.Of(path, followLinks: false).Kind.Should().Be(FileNodeKind.Regular);
    }

    [Fact]
    public void A_target_whose_name_just_fits_is_written()
    {
        using var temp = new TempDirectory();
        var path = temp.File(new string('x', 251) + ".xml");
        AtomicFile.WriteAllText(path, "text");
        File.ReadAllText(path).Should().Be("text");
        Directory.EnumerateFileSystemEntries(temp.Path).Should().ContainSingle();
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("a/b")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\x")]
    [InlineData("")]
    [InlineData("CON")]
    [InlineData("nul")]
    [InlineData("AUX")]
    [InlineData("COM1")]
    [InlineData("LPT1.foo")]
    public void A_file_name_is_derived_only_from_a_valid_pack_id(string id)
    {
        var act = () => ManagementPackIdentity.FilePath("out", id, ".mp", "in.xml");
        act.Should().Throw<KmpException>().WithMessage($"in.xml: Manifest/Identity/ID '{id}' *refusing to name a file after it");
        ManagementPackIdentity.FilePath("out", "KasperskyLab.Library", ".mp").Should().Be(Path.Combine("out", "KasperskyLab.Library.mp"));
        ManagementPackIdentity.FilePath("out", "Contoso.CON", ".mp").Should().Be(Path.Combine("out", "Contoso.CON.mp"), "only the name before its first dot is a device");
        ManagementPackIdentity.FilePath("out", "COM10", ".mp").Should().Be(Path.Combine("out", "COM10.mp"));
    }
}
