using System.Security.Cryptography;
using Kmp.ManagementPacks;

namespace Kmp.Packaging;

/// <summary>What a strong-name check found.</summary>
public enum SignatureStatus
{
    /// <summary>The signature matches the image and the assembly's public key.</summary>
    Valid,
    /// <summary>There is a signature, and it does not match: the file was changed after signing, or signed with another key.</summary>
    Invalid,
    /// <summary>The signature slot is all zeros: the pack was delay-signed and must be signed before release.</summary>
    DelaySigned,
    /// <summary>The assembly has no strong name at all (no public key or no signature slot).</summary>
    Unsigned,
}

/// <summary>
/// The CLR's strong-name hash and signature (sealed-mp-format.md §6): SHA-1 (the key's hash algorithm)
/// over the headers up to the end of the section table, with CheckSum and the Certificate Table entry
/// zeroed, then every section's raw data except the signature slot; RSA PKCS#1 v1.5 over that digest,
/// stored byte-reversed in the slot.
/// </summary>
public static class StrongNameSignature
{
    /// <summary>The strong-name digest of an image.</summary>
    /// <exception cref="KmpException">The image is not a .NET assembly or is truncated.</exception>
    public static byte[] ComputeHash(ReadOnlySpan<byte> image, HashAlgorithmName algorithm, string? fileName = null) =>
        ComputeHash(image, PeLayout.Read(image, fileName), algorithm);

    internal static byte[] ComputeHash(ReadOnlySpan<byte> image, PeLayout layout, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        Span<byte> headers = layout.HeadersEnd <= 4096 ? stackalloc byte[layout.HeadersEnd] : new byte[layout.HeadersEnd];
        image[..layout.HeadersEnd].CopyTo(headers);
        headers.Slice(layout.CheckSumOffset, 4).Clear();
        headers.Slice(layout.CertificateDirectoryOffset, 8).Clear();
        hash.AppendData(headers);

        int slotStart = layout.StrongNameSignatureOffset, slotEnd = slotStart + layout.StrongNameSignature.Size;
        foreach (var section in layout.Sections)
        {
            int start = section.PointerToRawData, end = start + section.SizeOfRawData;
            if (slotStart >= start && slotEnd <= end && layout.StrongNameSignature.Size > 0)
            {
                hash.AppendData(image[start..slotStart]);
                hash.AppendData(image[slotEnd..end]);
            }
            else
            {
                hash.AppendData(image[start..end]);
            }
        }
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// Signs an image in place with a key pair. The image must already carry the key's public key and a
    /// signature slot of the key's size (a delay-signed or previously signed assembly).
    /// </summary>
    /// <exception cref="KmpException">The image has no slot, a slot of another size, or another public key.</exception>
    public static void Sign(byte[] image, StrongNameKey key, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!key.HasPrivateKey) throw new KmpException(SourceLocation.Format(fileName) + $"cannot sign with {key}: it has no private key");
        var layout = PeLayout.Read(image, fileName);
        Sign(image, layout, key, fileName);
    }

    internal static void Sign(byte[] image, PeLayout layout, StrongNameKey key, string? fileName)
    {
        if (layout.StrongNameSignatureOffset < 0)
            throw new KmpException(SourceLocation.Format(fileName) + "the assembly has no strong-name signature slot");
        if (layout.StrongNameSignature.Size != key.SignatureSize)
            throw new KmpException(SourceLocation.Format(fileName) +
                $"the assembly's signature slot is {layout.StrongNameSignature.Size} bytes, the key signs {key.SignatureSize}");
        var digest = ComputeHash(image, layout, key.HashAlgorithm);
        key.SignDigest(digest).CopyTo(image.AsSpan(layout.StrongNameSignatureOffset));
    }

    /// <summary>Checks an image's signature against a public key (the assembly's own, normally).</summary>
    public static SignatureStatus Verify(ReadOnlySpan<byte> image, StrongNameKey publicKey, string? fileName = null) =>
        Verify(image, PeLayout.Read(image, fileName), publicKey);

    internal static SignatureStatus Verify(ReadOnlySpan<byte> image, PeLayout layout, StrongNameKey publicKey)
    {
        if (layout.StrongNameSignatureOffset < 0) return SignatureStatus.Unsigned;
        var slot = image.Slice(layout.StrongNameSignatureOffset, layout.StrongNameSignature.Size);
        if (!slot.ContainsAnyExcept((byte)0)) return SignatureStatus.DelaySigned;
        if (slot.Length != publicKey.SignatureSize) return SignatureStatus.Invalid;
        var digest = ComputeHash(image, layout, publicKey.HashAlgorithm);
        return publicKey.VerifyDigest(digest, slot) ? SignatureStatus.Valid : SignatureStatus.Invalid;
    }
}
