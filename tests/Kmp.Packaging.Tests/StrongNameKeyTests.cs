using System.Security.Cryptography;
using Kmp.ManagementPacks;
using Kmp.Testing;

namespace Kmp.Packaging.Tests;

public class StrongNameKeyTests
{
    private const string MicrosoftPublicKey =
        "0024000004800000940000000602000000240000525341310004000001000100b5fc90e7027f67871e773a8fde8938c81dd402ba65b9201d60593e96c492651e889cc13f1415ebb53fac1131ae0bd333c5ee6021672d9718ea31a8aebd0da0072f25d87dba6fc90ffd598ed4da35e44c398c454307e8e33b8426143daec9f596836f97c8f74750e5975c64e2189f45def46b2a2b1247adc3652bf5c308055da9";

    [Fact]
    public void Microsoft_public_key_gives_the_well_known_token()
    {
        var key = StrongNameKey.FromBytes(Convert.FromHexString(MicrosoftPublicKey));

        key.PublicKeyToken.Should().Be("31bf3856ad364e35");
        key.HasPrivateKey.Should().BeFalse();
        key.KeySizeInBits.Should().Be(1024);
        key.ToSnkBytes().Should().Equal(Convert.FromHexString(MicrosoftPublicKey), "a public key is written back as sn -p writes it");
    }

    [SkippableFact]
    public void Corpus_key_pair_loads_with_its_token_and_round_trips_byte_for_byte()
    {
        var bytes = File.ReadAllBytes(TestData.CorpusKeyPath);
        var key = StrongNameKey.Load(TestData.CorpusKeyPath);

        key.HasPrivateKey.Should().BeTrue();
        key.PublicKeyToken.Should().Be(TestData.CorpusKeyToken);
        key.PublicKey.Length.Should().Be(160);
        key.SignatureSize.Should().Be(128);
        key.ToSnkBytes().Should().Equal(bytes);
    }

    [SkippableFact]
    public void Public_part_of_the_corpus_key_equals_the_public_key_in_the_demo_pack()
    {
        var key = StrongNameKey.Load(TestData.CorpusKeyPath);
        var pack = SealedManagementPack.Open(TestData.DemoPackPath);

        key.PublicKey.ToArray().Should().Equal(pack.PublicKey);
        var publicOnly = StrongNameKey.FromBytes(key.ToPublicSnkBytes());
        publicOnly.HasPrivateKey.Should().BeFalse();
        publicOnly.PublicKeyToken.Should().Be(TestData.CorpusKeyToken);
        key.PublicOnly().ToSnkBytes().Should().HaveCount(160);
    }

    [Fact]
    public void Generated_key_is_written_in_the_format_sn_k_writes()
    {
        var key = StrongNameKey.Generate();
        var snk = key.ToSnkBytes();

        snk.Should().HaveCount(596);
        snk[..8].Should().Equal(0x07, 0x02, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00); // PRIVATEKEYBLOB, CALG_RSA_SIGN
        snk[8..20].Should().Equal((byte)'R', (byte)'S', (byte)'A', (byte)'2', 0x00, 0x04, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00);
        var reloaded = StrongNameKey.FromBytes(snk);
        reloaded.HasPrivateKey.Should().BeTrue();
        reloaded.PublicKeyToken.Should().Be(key.PublicKeyToken);
        reloaded.PublicKey.ToArray().Should().Equal(key.PublicKey.ToArray());
        reloaded.ToSnkBytes().Should().Equal(snk);
    }

    [Fact]
    public void Two_generated_keys_differ()
    {
        StrongNameKey.Generate().PublicKeyToken.Should().NotBe(StrongNameKey.Generate().PublicKeyToken);
    }

    [Fact]
    public void Signature_made_with_a_key_pair_verifies_with_its_public_key_only()
    {
        var key = TestData.Key;
        var digest = SHA1.HashData("some image"u8);
        var signature = key.SignDigest(digest);

        signature.Should().HaveCount(128);
        StrongNameKey.FromBytes(key.ToPublicSnkBytes()).VerifyDigest(digest, signature).Should().BeTrue();
        key.VerifyDigest(SHA1.HashData("another image"u8), signature).Should().BeFalse();
        var act = () => key.PublicOnly().SignDigest(digest);
        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void ToString_names_the_token_and_never_the_key_material()
    {
        var key = TestData.Key;
        var text = key.ToString();

        text.Should().Contain(key.PublicKeyToken).And.Contain("key pair");
        text.Should().NotContain(Convert.ToHexString(key.ToSnkBytes()[20..40]));
    }

    [Theory]
    [InlineData(0, "not a strong-name key file (0 bytes)")]
    [InlineData(100, "not a strong-name key file (100 bytes)")]
    public void Random_bytes_are_refused_with_a_message_naming_the_file(int length, string message)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        if (length > 0) bytes[0] = 0x42;

        var act = () => StrongNameKey.FromBytes(bytes, "release.snk");

        act.Should().Throw<KmpException>().WithMessage($"release.snk: {message}*");
    }

    [Fact]
    public void Truncated_key_pair_is_refused()
    {
        var snk = TestData.Key.ToSnkBytes();

        var act = () => StrongNameKey.FromBytes(snk[..500], "release.snk");

        act.Should().Throw<KmpException>()
            .WithMessage("release.snk: key pair blob is 500 bytes, expected 596 for RSA-1024: the file is truncated or not an .snk")
            .Which.Message.Should().NotContain(Convert.ToHexString(snk[20..36]));
    }

    [Fact]
    public void Damaged_key_pair_is_refused_without_echoing_it()
    {
        var snk = TestData.Key.ToSnkBytes();
        snk[8] = (byte)'X'; // magic RSA2 → XSA2

        var act = () => StrongNameKey.FromBytes(snk, "release.snk");

        act.Should().Throw<KmpException>().WithMessage("release.snk: not an RSA key pair blob*");
    }

    [Fact]
    public void Missing_key_file_is_a_one_line_error()
    {
        using var temp = new TempDirectory();
        var path = temp.File("absent.snk");

        var act = () => StrongNameKey.Load(path);

        act.Should().Throw<KmpException>().WithMessage($"{path}: file not found");
    }

    [Fact]
    public void Larger_keys_work_too()
    {
        var key = StrongNameKey.Generate(2048);

        key.ToSnkBytes().Should().HaveCount(20 + 256 + 5 * 128 + 256);
        key.SignatureSize.Should().Be(256);
        StrongNameKey.FromBytes(key.ToSnkBytes()).PublicKeyToken.Should().Be(key.PublicKeyToken);
    }
}
