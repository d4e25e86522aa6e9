using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Packaging.Tests;

public class SigningKeysTests
{
    [Fact]
    public void Without_a_key_a_development_key_is_created_once_and_announced()
    {
        using var temp = new TempDirectory();
        var folder = Path.Combine(temp.Path, ".kmp");

        var first = SigningKeys.Resolve(null, null, null, folder);
        var second = SigningKeys.Resolve(null, null, "", folder);

        var path = Path.Combine(folder, "dev.snk");
        first.Source.Should().Be(SigningKeySource.Development);
        first.Signs.Should().BeTrue();
        first.Notice.Should().Be($"the packs are signed with the DEVELOPMENT key {path} (created now), token {first.Key.PublicKeyToken} — not for release; pass --key FILE.snk or set KMP_SIGNING_KEY for release builds");
        second.Notice.Should().NotContain("created now").And.Contain("DEVELOPMENT");
        second.Key.PublicKeyToken.Should().Be(first.Key.PublicKeyToken);
        File.ReadAllBytes(path).Should().HaveCount(596);
        first.Warnings.Should().BeEmpty();
        second.Warnings.Should().Equal("KMP_SIGNING_KEY is set but empty: signing with the development key");
        var emptyKey = () => SigningKeys.Resolve("", null, null, folder);
        emptyKey.Should().Throw<KmpException>().Which.Kind.Should().Be(ErrorKind.Usage);
        var emptyPublic = () => SigningKeys.Resolve(null, "", null, folder);
        emptyPublic.Should().Throw<KmpException>().Which.Kind.Should().Be(ErrorKind.Usage);
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [SkippableFact]
    public void Key_file_is_used_and_a_world_readable_one_gets_a_warning()
    {
        using var temp = new TempDirectory();
        var path = temp.File("release.snk");
        KeyFiles.WriteKeyPair(path, TestData.Key);

        var quiet = SigningKeys.Resolve(path, null, Convert.ToBase64String(StrongNameKey.Generate().ToSnkBytes()), temp.Path);
        quiet.Source.Should().Be(SigningKeySource.KeyFile, "--key wins over the environment");
        quiet.Key.PublicKeyToken.Should().Be(TestData.Key.PublicKeyToken);
        quiet.Notice.Should().Be($"signed with the key {path} (token {TestData.Key.PublicKeyToken})");
        quiet.Warnings.Should().BeEmpty();
        File.Exists(Path.Combine(temp.Path, "dev.snk")).Should().BeFalse();

        Skip.If(OperatingSystem.IsWindows(), "Unix file modes only");
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        SigningKeys.Resolve(path, null, null, temp.Path).Warnings.Should().Equal(
            $"the key file {path} can be read by other users (mode 644); restrict it with 'chmod 600 {path}'");
    }

    [Fact]
    public void Environment_variable_holds_a_base64_key_pair()
    {
        using var temp = new TempDirectory();
        var base64 = Convert.ToBase64String(TestData.Key.ToSnkBytes());

        var resolved = SigningKeys.Resolve(null, null, base64 + "\n", temp.Path);

        resolved.Source.Should().Be(SigningKeySource.Environment);
        resolved.Key.PublicKeyToken.Should().Be(TestData.Key.PublicKeyToken);
        resolved.Notice.Should().Be($"signed with the key from KMP_SIGNING_KEY (token {TestData.Key.PublicKeyToken})");
        Directory.EnumerateFileSystemEntries(temp.Path).Should().BeEmpty("no development key is made");
    }

    [Fact]
    public void Bad_environment_values_are_refused_without_echoing_them()
    {
        using var temp = new TempDirectory();
        var secretish = "c2VjcmV0IGtleSBtYXRlcmlhbA==";
        var publicOnly = Convert.ToBase64String(TestData.Key.ToPublicSnkBytes());

        var notBase64 = () => SigningKeys.Resolve(null, null, "###" + secretish, temp.Path);
        var notKey = () => SigningKeys.Resolve(null, null, secretish, temp.Path);
        var noPrivate = () => SigningKeys.Resolve(null, null, publicOnly, temp.Path);

        notBase64.Should().Throw<KmpException>().WithMessage("KMP_SIGNING_KEY: not base64 (it must hold the base64 of an .snk key pair)");
        notKey.Should().Throw<KmpException>().WithMessage("KMP_SIGNING_KEY: not a strong-name key file (19 bytes)*")
            .Which.Message.Should().NotContain(secretish);
        noPrivate.Should().Throw<KmpException>().WithMessage("KMP_SIGNING_KEY: holds only a public key*");
    }

    [Fact]
    public void Delay_sign_uses_only_the_public_part()
    {
        using var temp = new TempDirectory();
        var pair = temp.File("pair.snk");
        var publicKey = temp.File("public.snk");
        KeyFiles.WriteKeyPair(pair, TestData.Key);
        KeyFiles.WritePublicKey(publicKey, TestData.Key);

        foreach (var path in new[] { pair, publicKey })
        {
            var resolved = SigningKeys.Resolve(null, path, null, temp.Path);
            resolved.Source.Should().Be(SigningKeySource.DelaySign);
            resolved.Signs.Should().BeFalse();
            resolved.Key.HasPrivateKey.Should().BeFalse();
            resolved.Key.PublicKeyToken.Should().Be(TestData.Key.PublicKeyToken);
            resolved.Notice.Should().StartWith($"DELAY-SIGNED with the public key {path} (token {TestData.Key.PublicKeyToken})");
        }
    }

    [Fact]
    public void Public_key_given_as_key_and_both_options_are_refused()
    {
        using var temp = new TempDirectory();
        var publicKey = temp.File("public.snk");
        KeyFiles.WritePublicKey(publicKey, TestData.Key);

        var publicAsKey = () => SigningKeys.Resolve(publicKey, null, null, temp.Path);
        var both = () => SigningKeys.Resolve(publicKey, publicKey, null, temp.Path);

        publicAsKey.Should().Throw<KmpException>().WithMessage($"{publicKey}: holds only a public key, which cannot sign; use --delay-sign with it, or give the key pair");
        both.Should().Throw<KmpException>().WithMessage("kmp: give either --key (sign) or --delay-sign (public key only), not both");
    }

    [Fact]
    public void Key_files_are_never_overwritten()
    {
        using var temp = new TempDirectory();
        var path = temp.File("k.snk");
        KeyFiles.WriteKeyPair(path, TestData.Key);
        var before = File.ReadAllBytes(path);

        var act = () => KeyFiles.WriteKeyPair(path, StrongNameKey.Generate());

        act.Should().Throw<KmpException>().WithMessage($"{path}: already exists; kmp never overwrites a key file");
        File.ReadAllBytes(path).Should().Equal(before);
        Directory.GetFiles(temp.Path).Should().Equal(path);
    }
}

public class SignSealedFileTests
{
    [Fact]
    public void Delay_signed_pack_file_is_signed_in_place_with_its_key_pair_only()
    {
        using var temp = new TempDirectory();
        var path = temp.File("KasperskyLab.Test.Library.mp");
        File.WriteAllBytes(path, ManagementPackSealer.Seal(TestData.SampleXml(), TestData.Key.PublicOnly()));

        var wrongKey = () => ManagementPackSealer.SignSealedFile(path, StrongNameKey.Generate());
        wrongKey.Should().Throw<KmpException>().WithMessage($"{path}: was sealed for key token {TestData.Key.PublicKeyToken}, not *");
        SealedManagementPack.Open(path).SignatureStatus.Should().Be(SignatureStatus.DelaySigned);

        var pack = ManagementPackSealer.SignSealedFile(path, TestData.Key);

        pack.SignatureStatus.Should().Be(SignatureStatus.Valid);
        SealedManagementPack.Open(path).SignatureStatus.Should().Be(SignatureStatus.Valid);
        Directory.GetFiles(temp.Path).Should().Equal(path);
    }
}

public class DevelopmentKeyFolderTests
{
    [Fact]
    public void The_development_key_is_found_from_any_folder_of_the_checkout()
    {
        using var temp = new Kmp.Testing.TempDirectory();
        File.WriteAllText(temp.File("KasperskyMomPack.sln"), "");
        var deep = Directory.CreateDirectory(Path.Combine(temp.Path, "src", "Kmp.Cli")).FullName;
        SigningKeys.DefaultDevelopmentKeyFolder(deep).Should().Be(Path.Combine(temp.Path, ".kmp"));
        SigningKeys.DefaultDevelopmentKeyFolder(temp.Path).Should().Be(Path.Combine(temp.Path, ".kmp"));
    }

    [Fact]
    public void Outside_a_checkout_the_development_key_is_per_user()
    {
        using var temp = new Kmp.Testing.TempDirectory();
        SigningKeys.DefaultDevelopmentKeyFolder(temp.Path)
            .Should().Be(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kmp"));
    }

    [Fact]
    public void Two_first_builds_at_once_end_with_one_development_key()
    {
        using var temp = new Kmp.Testing.TempDirectory();
        var folder = temp.File(".kmp");
        var results = new SigningKeyResolution[8];
        Parallel.For(0, results.Length, i => results[i] = SigningKeys.Resolve(null, null, null, folder));
        results.Select(r => r.Key.PublicKeyToken).Distinct().Should().ContainSingle("every build signs with the key on disk");
        StrongNameKey.Load(Path.Combine(folder, SigningKeys.DevelopmentKeyFileName)).PublicKeyToken.Should().Be(results[0].Key.PublicKeyToken);
    }
}
