using System.Runtime.Versioning;
using Kmp.Packaging;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary><c>kmp key new|public|show|sign</c>, end to end.</summary>
public class KeyCommandTests
{
    [Fact]
    public void New_public_and_show_agree_on_the_token_and_never_print_the_private_key()
    {
        using var temp = new TempDirectory();
        var pair = temp.File("release.snk");
        var created = Cli.Run("key", "new", pair);
        created.Code.Should().Be(ExitCodes.Success, created.Err);
        var key = StrongNameKey.Load(pair);
        key.HasPrivateKey.Should().BeTrue();
        key.KeySizeInBits.Should().Be(1024);
        created.OutLines.Should().ContainSingle().Which.Should().Be($"created {pair}: strong-name key {key.PublicKeyToken} (RSA-1024, key pair)");
        created.ErrLines.Should().ContainSingle().Which.Should().StartWith("keep it secret:");
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(pair).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "a key pair is readable by its owner only");

        var publicKey = temp.File("release.public.snk");
        var exported = Cli.Run("key", "public", pair, publicKey);
        exported.Code.Should().Be(ExitCodes.Success, exported.Err);
        exported.OutLines.Should().ContainSingle().Which.Should().Be($"created {publicKey}: public key token {key.PublicKeyToken}");
        var loaded = StrongNameKey.Load(publicKey);
        loaded.HasPrivateKey.Should().BeFalse();
        loaded.PublicKeyToken.Should().Be(key.PublicKeyToken);
        File.ReadAllBytes(publicKey).Should().Equal(key.PublicKey.ToArray(), "the public key file is the strong-name public key blob, as sn -p writes it");

        var showPair = Cli.Run("key", "show", pair);
        showPair.Code.Should().Be(ExitCodes.Success);
        showPair.OutLines.Should().ContainSingle().Which.Should().Be($"{pair}: strong-name key {key.PublicKeyToken} (RSA-1024, key pair)");
        showPair.Err.Should().BeEmpty("an owner-only key file gets no warning");
        var showPublic = Cli.Run("key", "show", publicKey);
        showPublic.Code.Should().Be(ExitCodes.Success);
        showPublic.OutLines.Should().ContainSingle().Which.Should().Be($"{publicKey}: strong-name key {key.PublicKeyToken} (RSA-1024, public key only)");
        showPublic.Err.Should().BeEmpty("a public key may be read by anyone");

        foreach (var output in new[] { created, exported, showPair, showPublic })
            Secrets.ShouldNotRevealPrivateKey(pair, output.Out + output.Err);
    }

    [Fact]
    public void New_with_bits_makes_a_key_of_that_size()
    {
        using var temp = new TempDirectory();
        var pair = temp.File("big.snk");
        var result = Cli.Run("key", "new", pair, "--bits", "2048");
        result.Code.Should().Be(ExitCodes.Success, result.Err);
        StrongNameKey.Load(pair).KeySizeInBits.Should().Be(2048);
        result.Out.Should().Contain("(RSA-2048, key pair)");
    }

    [Fact]
    public void New_never_overwrites_a_key_file()
    {
        using var temp = new TempDirectory();
        var pair = temp.File("release.snk");
        Cli.NewKeyPair(pair);
        var before = File.ReadAllBytes(pair);
        Cli.Run("key", "new", pair).ShouldBeOneLineError(ExitCodes.CannotWrite, $"^{Cli.Literal(pair)}: already exists; kmp never overwrites a key file$");
        Cli.Run("key", "public", pair, pair).ShouldBeOneLineError(ExitCodes.CannotWrite, $"^{Cli.Literal(pair)}: already exists; kmp never overwrites a key file$");
        File.ReadAllBytes(pair).Should().Equal(before);
        Cli.FilesIn(temp.Path).Should().Equal("release.snk");
    }

    [Fact]
    public void New_refuses_an_unusable_key_size_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        Cli.Run("key", "new", temp.File("small.snk"), "--bits", "512")
            .ShouldBeOneLineError(ExitCodes.BadInput, @"^kmp key new: --bits 512 is not a usable RSA key size \(1024, 2048, \.\.\.\)$");
        Cli.FilesIn(temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void Show_refuses_a_file_that_is_not_a_key()
    {
        using var temp = new TempDirectory();
        var text = temp.File("notes.snk");
        File.WriteAllText(text, "hello");
        Cli.Run("key", "show", text).ShouldBeOneLineError(ExitCodes.BadInput,
            $@"^{Cli.Literal(text)}: not a strong-name key file \(5 bytes\): expected an \.snk key pair \(sn -k\) or public key \(sn -p\)$");
    }

    [SkippableFact]
    [UnsupportedOSPlatform("windows")]
    public void Show_warns_about_a_key_pair_other_users_can_read()
    {
        Skip.If(OperatingSystem.IsWindows(), "file modes are a Unix matter");
        using var temp = new TempDirectory();
        var pair = temp.File("shared.snk");
        Cli.NewKeyPair(pair);
        File.SetUnixFileMode(pair, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var show = Cli.Run("key", "show", pair);
        show.Code.Should().Be(ExitCodes.Success);
        show.ErrLines.Should().ContainSingle().Which.Should().Be(
            $"warning: the key file {pair} can be read by other users (mode 644); restrict it with 'chmod 600 {pair}'");
    }

    [Fact]
    public void Sign_refuses_a_public_key_with_one_line_and_leaves_the_pack_unchanged()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var pack = temp.File("KasperskyLab.Library.mp");
        Cli.Run("seal", family.Xml("KasperskyLab.Library"), "--delay-sign", family.PublicKey, "--out", temp.Path).Code.Should().Be(ExitCodes.Success);
        var before = File.ReadAllBytes(pack);
        var publicKey = temp.File("release.public.snk");
        File.Copy(family.PublicKey, publicKey);
        // Readable by everyone, as a public key may be: no warning about it.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(publicKey, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Cli.Run("key", "sign", pack, publicKey).ShouldBeOneLineError(ExitCodes.BadInput,
            $@"^{Cli.Literal(pack)}: cannot sign with strong-name key {family.KeyToken} \(RSA-1024, public key only\): it has no private key$");
        File.ReadAllBytes(pack).Should().Equal(before);
        Cli.FilesIn(temp.Path).Should().Equal("KasperskyLab.Library.mp", "release.public.snk");
    }

    [Fact]
    public void Sign_refuses_another_key_pair_and_leaves_the_pack_unchanged()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var pack = temp.File("KasperskyLab.Library.mp");
        Cli.Run("seal", family.Xml("KasperskyLab.Library"), "--delay-sign", family.PublicKey, "--out", temp.Path).Code.Should().Be(ExitCodes.Success);
        var before = File.ReadAllBytes(pack);
        var other = Cli.NewKeyPair(temp.File("other.snk"));

        Cli.Run("key", "sign", pack, temp.File("other.snk")).ShouldBeOneLineError(ExitCodes.BadInput,
            $"^{Cli.Literal(pack)}: was sealed for key token {family.KeyToken}, not {other.PublicKeyToken}; a pack can only be signed with the key it was sealed for$");
        File.ReadAllBytes(pack).Should().Equal(before);
        SealedManagementPack.Open(pack).SignatureStatus.Should().Be(SignatureStatus.DelaySigned);
        Cli.FilesIn(temp.Path).Should().Equal("KasperskyLab.Library.mp", "other.snk");
    }

    [Fact]
    public void Sign_refuses_a_file_that_is_not_a_pack()
    {
        var family = GeneratedFamily.Get();
        using var temp = new TempDirectory();
        var pack = temp.File("KasperskyLab.Library.mp");
        File.WriteAllText(pack, "MZ but not really");
        Cli.Run("key", "sign", pack, family.KeyPair).ShouldBeOneLineError(ExitCodes.BadInput,
            $"^{Cli.Literal(pack)}: not a sealed management pack: ");
        File.ReadAllText(pack).Should().Be("MZ but not really");
        Cli.FilesIn(temp.Path).Should().Equal("KasperskyLab.Library.mp");
    }

    [Theory]
    [InlineData(new[] { "key", "rotate", "a.snk" }, "^kmp key: unknown action 'rotate'; use new, public, show or sign$")]
    [InlineData(new[] { "key", "new" }, "^kmp key new: usage: kmp key new FILE.snk$")]
    [InlineData(new[] { "key", "show", "a.snk", "b.snk" }, "^kmp key show: usage: kmp key show FILE.snk$")]
    [InlineData(new[] { "key", "public", "a.snk" }, "^kmp key public: usage: kmp key public KEY.snk PUB.snk$")]
    [InlineData(new[] { "key", "sign", "a.mp" }, "^kmp key sign: usage: kmp key sign PACK.mp KEY.snk$")]
    public void A_wrong_action_or_file_count_is_one_line_with_the_usage(string[] args, string pattern)
    {
        Cli.Run(args).ShouldBeOneLineError(ExitCodes.Usage, pattern);
    }
}
