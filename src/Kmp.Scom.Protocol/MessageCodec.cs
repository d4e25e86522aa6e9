using System;
using System.IO;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;

namespace Kmp.Scom.Protocol;

/// <summary>A line of the protocol could not be read as a message.</summary>
public sealed class MalformedMessageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Writes a message as one line of JSON (no line break inside: the serializer escapes those in
/// strings) and reads it back. Both ends use the BCL's DataContractJsonSerializer, which .NET
/// Framework 4.8 and .NET 10 share.
/// </summary>
public static class MessageCodec
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Write<T>(T message) where T : class
    {
        using var stream = new MemoryStream();
        new DataContractJsonSerializer(typeof(T)).WriteObject(stream, message);
        return Utf8.GetString(stream.ToArray());
    }

    /// <exception cref="MalformedMessageException">The line is not JSON of that message.</exception>
    public static T Read<T>(string line) where T : class
    {
        if (line.Length == 0 || line[0] != '{') throw new MalformedMessageException("not a JSON object: " + Excerpt(line));
        try
        {
            using var stream = new MemoryStream(Utf8.GetBytes(line));
            return new DataContractJsonSerializer(typeof(T)).ReadObject(stream) as T
                ?? throw new MalformedMessageException("empty message: " + Excerpt(line));
        }
        catch (Exception ex) when (ex is SerializationException or InvalidCastException or FormatException or ArgumentException or System.Xml.XmlException)
        {
            throw new MalformedMessageException("not a valid message (" + ex.Message.Replace('\r', ' ').Replace('\n', ' ') + "): " + Excerpt(line), ex);
        }
    }

    /// <summary>The start of a line, for error messages (never the whole of a long line).</summary>
    public static string Excerpt(string line) => line.Length <= 80 ? line : line.Substring(0, 80) + "…";
}
