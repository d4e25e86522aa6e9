using System.Diagnostics;
using System.Text;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary>
/// Where kmp writes: only regular files are replaced (a FIFO, a symbolic link or a device is never
/// turned into a file), a replaced file keeps its mode and owner, '-' is standard output, and a
/// closed or full standard stream ends the command with its exit code instead of an internal error.
/// </summary>
public class OutputTests
{
    private const string Library = "KasperskyLab.Library";

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        Skip.If(mkfifo.ExitCode != 0, "mkfifo is not available");
    }

    [SkippableFact]
    public void Unseal_refuses_to_replace_a_fifo_or_a_symbolic_link()
    {
        Skip.If(OperatingSystem.IsWindows(), "FIFOs and symbolic links as Unix has them");
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var fifo = temp.File("fifo");
        MakeFifo(fifo);
        var target = temp.File("target.txt");
        File.WriteAllText(target, "keep me");
        var link = temp.File("link.xml");
        File.CreateSymbolicLink(link, target);

        Cli.Run("unseal", family.Sealed(Library), "--out", fifo).ShouldBeOneLineError(ExitCodes.CannotWrite,
            $@"^{Cli.Literal(fifo)}: is not a regular file \(a device, pipe or socket\); kmp replaces only regular files$");
        Cli.Run("unseal", family.Sealed(Library), "--out", link).ShouldBeOneLineError(ExitCodes.CannotWrite,
            $"^{Cli.Literal(link)}: is a symbolic link; kmp replaces only regular files");

        new FileInfo(link).LinkTarget.Should().Be(target, "the link is still a link");
        File.ReadAllText(target).Should().Be("keep me");
        Cli.FilesIn(temp.Path).Should().Equal("fifo", "link.xml", "target.txt");
        File.GetAttributes(fifo).Should().NotHaveFlag(FileAttributes.Directory);
        FileNode.Of(fifo, followLinks: false).Kind.Should().Be(FileNodeKind.Special, "the FIFO is still a FIFO");
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_replaced_file_keeps_its_mode_and_owner()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix modes and owners");
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var output = temp.File("library.xml");
        File.WriteAllText(output, "old");
        File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var asRoot = Environment.UserName == "root" && FileNode.Of(output, false) is var before && new FileNode(before.Kind, before.Mode, 65534, 65534).TryGiveOwnerTo(output);

        var result = Cli.Run("unseal", family.Sealed(Library), "--out", output);

        result.Code.Should().Be(ExitCodes.Success, result.Err);
        File.ReadAllText(output).Should().StartWith("<ManagementPack");
        File.GetUnixFileMode(output).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "a 600 file stays 600");
        if (asRoot) FileNode.Of(output, false).OwnerId.Should().Be(65534u, "root keeps the owner of the file it replaces");
        Cli.FilesIn(temp.Path).Should().Equal("library.xml");
    }

    [Theory]
    [InlineData("-")]
    [InlineData("/dev/stdout")]
    public void Unseal_to_dash_or_dev_stdout_writes_standard_output(string name)
    {
        var family = GeneratedFamily.Get();
        var toStdout = Cli.Run("unseal", family.Sealed(Library));
        var result = Cli.Run("unseal", family.Sealed(Library), "--out", name);
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        result.Out.Should().Be(toStdout.Out);
        result.Err.Should().BeEmpty();
    }

    [Fact]
    public void Seal_and_build_write_into_a_folder_never_to_standard_output()
    {
        var family = GeneratedFamily.Get();
        Cli.Run("seal", family.Xml(Library), "--key", family.KeyPair, "--out", "-")
            .ShouldBeOneLineError(ExitCodes.Usage, "^kmp seal: --out -: seal writes files into a folder, not to standard output$");
        Cli.Run("build", "--product", "KSWS", "--out", "/dev/stdout")
            .ShouldBeOneLineError(ExitCodes.Usage, "^kmp build: --out /dev/stdout: build writes files into a folder");
        Directory.Exists("-").Should().BeFalse();
    }

    [Fact]
    public void An_output_that_cannot_be_written_is_exit_code_6_not_invalid_input()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var file = temp.File("a-file");
        File.WriteAllText(file, "I am a file");

        var build = Cli.Run("build", "--product", "KSWS", "--key", family.KeyPair, "--out", file);
        build.Code.Should().Be(ExitCodes.CannotWrite, build.Err);
        build.ErrLines.Last().Should().StartWith(file).And.Contain("a file where kmp writes a folder");
        File.ReadAllText(file).Should().Be("I am a file");

        var unseal = Cli.Run("unseal", family.Sealed(Library), "--out", temp.Path + Path.DirectorySeparatorChar);
        unseal.ShouldBeOneLineError(ExitCodes.CannotWrite, "is a folder, not a file name$");
    }

    /// <summary>A stream whose every write fails as a closed pipe (EPIPE) or a full disk (ENOSPC) does.</summary>
    private sealed class FailingStream(int errno) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException(errno == 32 ? "Broken pipe" : "No space left on device", errno);

        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException(errno == 32 ? "Broken pipe" : "No space left on device", errno);
    }

    [Fact]
    public void A_closed_standard_output_ends_quietly_with_exit_code_141()
    {
        var stderr = new StringWriter();
        var code = Program.Run(["version"], new StandardStream(new FailingStream(32), "standard output"), stderr);
        code.Should().Be(ExitCodes.OutputClosed);
        stderr.ToString().Should().BeEmpty("the reader has gone: `kmp list | head` is not an error");
    }

    [Theory]
    [InlineData("version")]
    [InlineData("--version")] // answered before the parser runs: the same mapping (it once escaped as an unhandled exception)
    [InlineData("--version", "--help")]
    [InlineData("--help")]
    [InlineData("build", "--help")]
    public void A_full_standard_output_is_one_line_and_exit_code_6(params string[] args)
    {
        var stderr = new StringWriter();
        var code = Program.Run(args, new StandardStream(new FailingStream(28), "standard output"), stderr);
        code.Should().Be(ExitCodes.CannotWrite);
        stderr.ToString().Should().Be("kmp: cannot write to standard output: No space left on device" + Environment.NewLine);
    }

    [Fact]
    public void A_closed_standard_error_does_not_crash_and_keeps_the_exit_code()
    {
        using var temp = new TempDirectory();
        var stdout = new StringWriter();
        var code = Program.Run(["verify", temp.File("missing.xml")], stdout, new StandardStream(new FailingStream(32), "standard error"));
        code.Should().Be(ExitCodes.BadInput);
        var help = Program.Run(["frobnicate"], stdout, new StandardStream(new FailingStream(32), "standard error"));
        help.Should().Be(ExitCodes.Usage);
    }

    /// <summary>Runs the built kmp in <c>sh -c</c> with <paramref name="redirections"/>; returns its exit code and what sh saw on standard error.</summary>
    private static (int Code, string Err) Shell(string kmpArguments, string redirections)
    {
        var kmp = typeof(Program).Assembly.Location;
        var info = new ProcessStartInfo("sh", ["-c", $"dotnet \"{kmp}\" {kmpArguments} {redirections}; echo \"rc=$?\" >&2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var err = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var code = int.Parse(err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last()["rc=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return (code, string.Join('\n', err.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)));
    }

    [SkippableFact]
    public void A_closed_or_full_standard_stream_of_a_real_process_ends_with_its_exit_code_not_a_crash()
    {
        Skip.If(OperatingSystem.IsWindows(), "sh redirections");
        using var temp = new TempDirectory();
        var templates = $"templates --templates \"{Cli.Templates}\"";

        var closed = Shell(templates, ">&-");
        closed.Code.Should().Be(ExitCodes.OutputClosed, closed.Err);
        closed.Err.Should().BeEmpty();

        Skip.IfNot(File.Exists("/dev/full"), "no /dev/full");
        var full = Shell(templates, ">/dev/full");
        full.Code.Should().Be(ExitCodes.CannotWrite, full.Err);
        full.Err.Should().Be("kmp: cannot write to standard output: No space left on device");

        foreach (var early in new[] { "--version", "version", "--help" })
        {
            var answer = Shell(early, ">/dev/full");
            answer.Code.Should().Be(ExitCodes.CannotWrite, $"kmp {early}: {answer.Err}");
            answer.Err.Should().Be("kmp: cannot write to standard output: No space left on device", $"kmp {early}");
        }

        var noStderr = Shell($"verify \"{temp.File("missing.xml")}\"", "2>&-");
        noStderr.Code.Should().Be(ExitCodes.BadInput, "the error cannot be told, but the exit code still says it; no abort");
        var fullStderr = Shell($"verify \"{temp.File("missing.xml")}\"", "2>/dev/full");
        fullStderr.Code.Should().Be(ExitCodes.BadInput);

        var pipe = Shell(templates, "| head -c 1 >/dev/null");
        pipe.Code.Should().Be(ExitCodes.Success, "a pipe whose reader has gone drops the rest quietly");
        pipe.Err.Should().BeEmpty();
    }
}
