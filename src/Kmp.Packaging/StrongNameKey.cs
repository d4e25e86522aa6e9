using System.Buffers.Binary;
using System.Security.Cryptography;
using Kmp.ManagementPacks;

namespace Kmp.Packaging;

/// <summary>
/// A strong-name key: an RSA key pair from an <c>.snk</c> file (a CryptoAPI <c>PRIVATEKEYBLOB</c>, as
/// <c>sn -k</c> writes it) or a public key alone (the strong-name public key blob, as <c>sn -p</c> writes
/// it, which is also what an assembly's <c>PublicKey</c> column holds). See sealed-mp-format.md §6 and §12.
/// The private part never leaves this class except through <see cref="ToSnkBytes"/>; <see cref="ToString"/>
/// shows only the token.
/// </summary>
public sealed class StrongNameKey
{
    /// <summary>Key size <see cref="Generate"/> uses: every real sealed pack is RSA-1024 / SHA-1 (§12).</summary>
    public const int DefaultKeySize = 1024;

    internal const uint CalgRsaSign = 0x00002400;
    internal const uint CalgSha1 = 0x00008004;
    private const byte PublicKeyBlobType = 0x06;
    private const byte PrivateKeyBlobType = 0x07;
    private const uint MagicRsa1 = 0x31415352; // "RSA1"
    private const uint MagicRsa2 = 0x32415352; // "RSA2"
    private const int StrongNameHeaderSize = 12; // SigAlgId, HashAlgId, cbPublicKey
    private const int CapiHeaderSize = 20;       // BLOBHEADER (8) + RSAPUBKEY (12)

    private readonly RSAParameters _parameters; // big-endian, as .NET wants them
    private readonly RSA? _rsa;

    private StrongNameKey(byte[] publicKeyBlob, RSAParameters parameters, bool hasPrivateKey)
    {
        PublicKey = publicKeyBlob;
        _parameters = parameters;
        HasPrivateKey = hasPrivateKey;
        PublicKeyToken = ComputeToken(publicKeyBlob);
        KeySizeInBits = parameters.Modulus!.Length * 8;
        HashAlgorithm = HashAlgorithmFromId(BinaryPrimitives.ReadUInt32LittleEndian(publicKeyBlob.AsSpan(4)))
                        ?? HashAlgorithmName.SHA1;
        _rsa = RSA.Create();
        _rsa.ImportParameters(parameters);
    }

    /// <summary>The strong-name public key blob (160 bytes for RSA-1024): the assembly's PublicKey.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>The public key token: last 8 bytes of SHA-1(public key blob), reversed, as 16 lower-case hex digits.</summary>
    public string PublicKeyToken { get; }

    /// <summary>True for a key pair (can sign); false for a public key only (can delay-sign and verify).</summary>
    public bool HasPrivateKey { get; }

    public int KeySizeInBits { get; }

    /// <summary>Size of a signature in bytes (128 for RSA-1024).</summary>
    public int SignatureSize => KeySizeInBits / 8;

    /// <summary>The hash algorithm the public key blob names (SHA-1 for every real pack).</summary>
    public HashAlgorithmName HashAlgorithm { get; }

    /// <summary>A new RSA key pair, as <c>sn -k</c> makes it.</summary>
    public static StrongNameKey Generate(int keySizeInBits = DefaultKeySize)
    {
        using var rsa = RSA.Create(keySizeInBits);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        return FromParameters(p, hasPrivateKey: true);
    }

    /// <summary>Reads an .snk file (key pair or public key only).</summary>
    /// <exception cref="KmpException">The file is missing or is not a strong-name key.</exception>
    public static StrongNameKey Load(string path)
    {
        var bytes = InputFile.ReadAllBytes(path, 64 * 1024, "a strong-name key file (an .snk is a few hundred)");
        return FromBytes(bytes, path);
    }

    /// <summary>
    /// Reads the bytes of an .snk: a <c>PRIVATEKEYBLOB</c> (key pair), a strong-name public key blob
    /// (public key only, as <c>sn -p</c> writes it), or a bare CryptoAPI <c>PUBLICKEYBLOB</c>.
    /// </summary>
    /// <exception cref="KmpException">The bytes are not a strong-name key. The message never quotes them.</exception>
    public static StrongNameKey FromBytes(ReadOnlySpan<byte> bytes, string? fileName = null)
    {
        var where = SourceLocation.Format(fileName);
        if (bytes.Length >= CapiHeaderSize && bytes[0] == PrivateKeyBlobType)
            return ReadPrivateKeyBlob(bytes, where);
        if (bytes.Length >= CapiHeaderSize && bytes[0] == PublicKeyBlobType)
            return ReadCapiPublicKey(bytes, CalgRsaSign, CalgSha1, where);
        if (bytes.Length >= StrongNameHeaderSize + CapiHeaderSize)
        {
            var sigAlg = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            var hashAlg = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
            if (length == bytes.Length - StrongNameHeaderSize && bytes[StrongNameHeaderSize] == PublicKeyBlobType)
            {
                if (HashAlgorithmFromId(hashAlg) is null)
                    throw new KmpException(where + $"strong-name key uses hash algorithm 0x{hashAlg:x4}, which kmp does not support (SHA-1 or SHA-2 only)");
                return ReadCapiPublicKey(bytes[StrongNameHeaderSize..], sigAlg == 0 ? CalgRsaSign : sigAlg, hashAlg, where);
            }
        }
        throw new KmpException(where + $"not a strong-name key file ({bytes.Length} bytes): expected an .snk key pair (sn -k) or public key (sn -p)");
    }

    /// <summary>Reads the strong-name public key blob stored in an assembly (the Assembly table's PublicKey).</summary>
    public static StrongNameKey FromPublicKeyBlob(ReadOnlySpan<byte> publicKeyBlob, string? fileName = null)
    {
        if (publicKeyBlob.Length < StrongNameHeaderSize + CapiHeaderSize || publicKeyBlob[StrongNameHeaderSize] != PublicKeyBlobType)
            throw new KmpException(SourceLocation.Format(fileName) + $"the assembly's public key ({publicKeyBlob.Length} bytes) is not an RSA strong-name public key");
        return FromBytes(publicKeyBlob, fileName);
    }

    /// <summary>This key without its private part (for delay-signing or publishing).</summary>
    public StrongNameKey PublicOnly() =>
        HasPrivateKey ? new StrongNameKey(PublicKey.ToArray(), new RSAParameters { Modulus = _parameters.Modulus, Exponent = _parameters.Exponent }, false) : this;

    /// <summary>
    /// The .snk bytes: a <c>PRIVATEKEYBLOB</c> for a key pair (the format <c>sn -k</c> writes), or the
    /// strong-name public key blob for a public key (the format <c>sn -p</c> writes).
    /// </summary>
    public byte[] ToSnkBytes() =>
        HasPrivateKey
            ? WritePrivateKeyBlob(_parameters, BinaryPrimitives.ReadUInt32LittleEndian(PublicKey.Span[(StrongNameHeaderSize + 4)..]))
            : PublicKey.ToArray();

    /// <summary>The public key alone, as <c>sn -p</c> writes it.</summary>
    public byte[] ToPublicSnkBytes() => PublicKey.ToArray();

    /// <summary>Signs a digest: RSA PKCS#1 v1.5, returned reversed (little-endian), as stored in an assembly.</summary>
    /// <exception cref="InvalidOperationException">The key has no private part.</exception>
    public byte[] SignDigest(ReadOnlySpan<byte> digest)
    {
        if (!HasPrivateKey) throw new InvalidOperationException("a public key cannot sign; delay-sign instead");
        var signature = _rsa!.SignHash(digest.ToArray(), HashAlgorithm, RSASignaturePadding.Pkcs1);
        Array.Reverse(signature);
        return signature;
    }

    /// <summary>Checks a stored (little-endian) signature over a digest.</summary>
    public bool VerifyDigest(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> storedSignature)
    {
        if (storedSignature.Length != SignatureSize) return false;
        Span<byte> bigEndian = stackalloc byte[storedSignature.Length];
        storedSignature.CopyTo(bigEndian);
        bigEndian.Reverse();
        return _rsa!.VerifyHash(digest, bigEndian, HashAlgorithm, RSASignaturePadding.Pkcs1);
    }

    public override string ToString() =>
        $"strong-name key {PublicKeyToken} (RSA-{KeySizeInBits}, {(HasPrivateKey ? "key pair" : "public key only")})";

    /// <summary>Public key token of a strong-name public key blob, as 16 lower-case hex digits.</summary>
    public static string ComputeToken(ReadOnlySpan<byte> publicKeyBlob)
    {
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(publicKeyBlob, hash);
        Span<byte> token = stackalloc byte[8];
        hash[^8..].CopyTo(token);
        token.Reverse();
        return Convert.ToHexStringLower(token);
    }

    internal static HashAlgorithmName? HashAlgorithmFromId(uint algId) => algId switch
    {
        0x8004 => HashAlgorithmName.SHA1,
        0x800c => HashAlgorithmName.SHA256,
        0x800d => HashAlgorithmName.SHA384,
        0x800e => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static StrongNameKey ReadPrivateKeyBlob(ReadOnlySpan<byte> bytes, string where)
    {
        var (bits, exponent, aiKeyAlg) = ReadCapiHeader(bytes, MagicRsa2, where, "key pair");
        int n = bits / 8, h = bits / 16;
        var expected = CapiHeaderSize + n + 5 * h + n;
        if (bytes.Length != expected)
            throw new KmpException(where + $"key pair blob is {bytes.Length} bytes, expected {expected} for RSA-{bits}: the file is truncated or not an .snk");
        var body = bytes[CapiHeaderSize..];
        var p = new RSAParameters
        {
            Exponent = exponent,
            Modulus = BigEndian(body[..n]),
            P = BigEndian(body.Slice(n, h)),
            Q = BigEndian(body.Slice(n + h, h)),
            DP = BigEndian(body.Slice(n + 2 * h, h)),
            DQ = BigEndian(body.Slice(n + 3 * h, h)),
            InverseQ = BigEndian(body.Slice(n + 4 * h, h)),
            D = BigEndian(body.Slice(n + 5 * h, n)),
        };
        try
        {
            return new StrongNameKey(PublicKeyBlob(p, aiKeyAlg, CalgSha1), p, hasPrivateKey: true);
        }
        catch (CryptographicException)
        {
            throw new KmpException(where + "key pair blob holds an inconsistent RSA key (the file is damaged)");
        }
    }

    private static StrongNameKey ReadCapiPublicKey(ReadOnlySpan<byte> capi, uint sigAlg, uint hashAlg, string where)
    {
        var (bits, exponent, aiKeyAlg) = ReadCapiHeader(capi, MagicRsa1, where, "public key");
        var n = bits / 8;
        if (capi.Length != CapiHeaderSize + n)
            throw new KmpException(where + $"public key blob is {capi.Length} bytes, expected {CapiHeaderSize + n} for RSA-{bits}");
        var p = new RSAParameters { Exponent = exponent, Modulus = BigEndian(capi.Slice(CapiHeaderSize, n)) };
        var blob = new byte[StrongNameHeaderSize + capi.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(blob, sigAlg);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), hashAlg);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), (uint)capi.Length);
        capi.CopyTo(blob.AsSpan(StrongNameHeaderSize));
        _ = aiKeyAlg;
        try
        {
            return new StrongNameKey(blob, p, hasPrivateKey: false);
        }
        catch (CryptographicException)
        {
            throw new KmpException(where + "public key blob holds an invalid RSA key");
        }
    }

    private static (int Bits, byte[] Exponent, uint AiKeyAlg) ReadCapiHeader(ReadOnlySpan<byte> blob, uint magic, string where, string what)
    {
        // BLOBHEADER: bType, bVersion, reserved (2), aiKeyAlg; RSAPUBKEY: magic, bitlen, pubexp.
        var aiKeyAlg = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (blob[1] != 2 || BinaryPrimitives.ReadUInt32LittleEndian(blob[8..]) != magic || (aiKeyAlg != CalgRsaSign && aiKeyAlg != 0xA400))
            throw new KmpException(where + $"not an RSA {what} blob: expected an .snk key pair (sn -k) or public key (sn -p)");
        var bits = (int)BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]);
        if (bits is < 512 or > 16384 || bits % 16 != 0)
            throw new KmpException(where + $"unsupported RSA key size {bits} bits");
        var exp = BinaryPrimitives.ReadUInt32LittleEndian(blob[16..]);
        if (exp == 0) throw new KmpException(where + "RSA public exponent is 0");
        var exponent = BitConverter.GetBytes(exp);
        Array.Reverse(exponent); // big-endian, without leading zeros
        var skip = 0;
        while (exponent[skip] == 0) skip++;
        return (bits, exponent[skip..], aiKeyAlg);
    }

    private static StrongNameKey FromParameters(RSAParameters p, bool hasPrivateKey)
    {
        int n = p.Modulus!.Length, h = n / 2;
        var normalized = new RSAParameters
        {
            Modulus = p.Modulus,
            Exponent = p.Exponent,
            P = PadLeft(p.P!, h), Q = PadLeft(p.Q!, h), DP = PadLeft(p.DP!, h), DQ = PadLeft(p.DQ!, h),
            InverseQ = PadLeft(p.InverseQ!, h), D = PadLeft(p.D!, n),
        };
        return new StrongNameKey(PublicKeyBlob(normalized, CalgRsaSign, CalgSha1), normalized, hasPrivateKey);
    }

    private static byte[] PublicKeyBlob(RSAParameters p, uint aiKeyAlg, uint hashAlg)
    {
        var n = p.Modulus!.Length;
        var blob = new byte[StrongNameHeaderSize + CapiHeaderSize + n];
        var s = blob.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, CalgRsaSign);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], hashAlg);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], (uint)(CapiHeaderSize + n));
        WriteCapiHeader(s[StrongNameHeaderSize..], PublicKeyBlobType, aiKeyAlg, MagicRsa1, n * 8, p.Exponent!);
        LittleEndian(p.Modulus, s.Slice(StrongNameHeaderSize + CapiHeaderSize, n));
        return blob;
    }

    private static byte[] WritePrivateKeyBlob(RSAParameters p, uint aiKeyAlg)
    {
        int n = p.Modulus!.Length, h = n / 2;
        var blob = new byte[CapiHeaderSize + n + 5 * h + n];
        var s = blob.AsSpan();
        WriteCapiHeader(s, PrivateKeyBlobType, aiKeyAlg, MagicRsa2, n * 8, p.Exponent!);
        var at = CapiHeaderSize;
        foreach (var (part, size) in new[] { (p.Modulus, n), (p.P!, h), (p.Q!, h), (p.DP!, h), (p.DQ!, h), (p.InverseQ!, h), (p.D!, n) })
        {
            LittleEndian(PadLeft(part, size), s.Slice(at, size));
            at += size;
        }
        return blob;
    }

    private static void WriteCapiHeader(Span<byte> s, byte type, uint aiKeyAlg, uint magic, int bits, byte[] exponent)
    {
        s[0] = type;
        s[1] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], aiKeyAlg);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], magic);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], (uint)bits);
        uint exp = 0;
        foreach (var b in exponent) exp = (exp << 8) | b;
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], exp);
    }

    private static byte[] BigEndian(ReadOnlySpan<byte> littleEndian)
    {
        var result = littleEndian.ToArray();
        Array.Reverse(result);
        return result;
    }

    private static void LittleEndian(byte[] bigEndian, Span<byte> destination)
    {
        bigEndian.CopyTo(destination);
        destination[..bigEndian.Length].Reverse();
    }

    private static byte[] PadLeft(byte[] value, int size)
    {
        if (value.Length == size) return value;
        if (value.Length > size) throw new CryptographicException("RSA parameter longer than expected");
        var padded = new byte[size];
        value.CopyTo(padded, size - value.Length);
        return padded;
    }
}
