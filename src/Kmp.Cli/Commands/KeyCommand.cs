using CommandLine;
using Kmp.ManagementPacks;
using Kmp.Packaging;

namespace Kmp.Cli.Commands;

[Verb("key", HelpText = "Strong-name keys: 'key new FILE.snk' (a key pair, as sn -k), 'key public KEY.snk PUB.snk' (its public key, as sn -p), 'key show FILE.snk', 'key sign PACK.mp KEY.snk' (sign a delay-signed pack).")]
public sealed class KeyCommand : ICommand
{
    [Value(0, MetaName = "ACTION", Required = true, HelpText = "new | public | show | sign")]
    public string Action { get; init; } = "";

    [Value(1, MetaName = "FILES", HelpText = "The files the action works on.")]
    public IEnumerable<string> Files { get; init; } = [];

    [Option("bits", Default = StrongNameKey.DefaultKeySize, HelpText = "Key size for 'key new' (1024, as every SCOM pack uses, unless you know better).")]
    public int Bits { get; init; } = StrongNameKey.DefaultKeySize;

    public int Run(CommandConsole console)
    {
        var files = Files.ToArray();
        switch (Action)
        {
            case "new":
            {
                var path = Single(files, "kmp key new FILE.snk");
                if (Bits is < 1024 or > 16384 || Bits % 64 != 0) throw new KmpException($"kmp key new: --bits {Bits} is not a usable RSA key size (1024, 2048, ...)");
                var key = StrongNameKey.Generate(Bits);
                KeyFiles.WriteKeyPair(path, key);
                console.Line($"created {path}: {key}");
                console.Error("keep it secret: anyone with this file can sign packs that SCOM accepts as yours (publish 'kmp key public' output instead)");
                return ExitCodes.Success;
            }
            case "public":
            {
                if (files.Length != 2) throw new KmpException(ErrorKind.Usage, "kmp key public: usage: kmp key public KEY.snk PUB.snk");
                var key = StrongNameKey.Load(files[0]);
                KeyFiles.WritePublicKey(files[1], key);
                console.Line($"created {files[1]}: public key token {key.PublicKeyToken}");
                return ExitCodes.Success;
            }
            case "show":
            {
                var path = Single(files, "kmp key show FILE.snk");
                var key = StrongNameKey.Load(path);
                console.Line($"{path}: {key}");
                if (key.HasPrivateKey && SigningKeys.PermissionWarning(path) is { } warning) console.Warning(warning);
                return ExitCodes.Success;
            }
            case "sign":
            {
                if (files.Length != 2) throw new KmpException(ErrorKind.Usage, "kmp key sign: usage: kmp key sign PACK.mp KEY.snk");
                var key = StrongNameKey.Load(files[1]);
                if (key.HasPrivateKey && SigningKeys.PermissionWarning(files[1]) is { } warning) console.Warning(warning);
                var pack = ManagementPackSealer.SignSealedFile(files[0], key);
                console.Line($"{files[0]}: {pack.Identity.Id} {pack.Identity.Version} signed, key token {pack.PublicKeyToken}");
                return ExitCodes.Success;
            }
            default:
                throw new KmpException(ErrorKind.Usage, $"kmp key: unknown action '{Action}'; use new, public, show or sign");
        }
    }

    private static string Single(string[] files, string usage) =>
        files.Length == 1 ? files[0] : throw new KmpException(ErrorKind.Usage, $"{usage.Split(' ')[0]} {usage.Split(' ')[1]} {usage.Split(' ')[2]}: usage: {usage}");
}
