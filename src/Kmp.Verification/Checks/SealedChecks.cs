using Kmp.Packaging;

namespace Kmp.Verification.Checks;

/// <summary>
/// Layer 7, sealed input: the strong-name signature (sealed-mp-format.md §6), its presence, and the
/// container conventions (assembly name and version equal to the pack's).
/// </summary>
internal static class SealedChecks
{
    public static void Run(VerificationContext context, PackEntry pack)
    {
        if (pack.Input?.Sealed is not { } sealedPack) return;
        switch (sealedPack.SignatureStatus)
        {
            case SignatureStatus.Invalid:
                context.Report(Codes.SignatureInvalid, pack, null, null, "the strong-name signature does not match the file (changed after signing, or signed with another key); SCOM refuses it");
                break;
            case SignatureStatus.DelaySigned:
                if (context.Options.AllowDelaySigned)
                    context.Report(Codes.DelaySignedAllowed, pack, null, null, "the pack is delay-signed (allowed by --allow-delay-signed); sign it with the release key ('kmp key sign') before importing");
                else
                    context.Report(Codes.DelaySigned, pack, null, null, "the pack is delay-signed: its strong name does not verify and SCOM refuses it; sign it with the release key ('kmp key sign'), or pass --allow-delay-signed where signing comes later");
                break;
            case SignatureStatus.Unsigned:
                context.Report(Codes.NoStrongName, pack, null, null, "the assembly has no strong name, so it has no key token; SCOM refuses it");
                break;
        }
        foreach (var remark in sealedPack.Remarks)
            context.Report(Codes.ContainerRemark, pack, null, null, remark);
    }
}
