using System.Collections.Generic;
using System.Runtime.Serialization;

namespace Kmp.Scom.Protocol;

/// <summary>
/// One request from kmp to the host: one line of JSON. <see cref="Op"/> names the operation
/// (<see cref="Op"/>); the other members are its arguments, absent when unused.
/// </summary>
[DataContract]
public sealed class Request
{
    /// <summary>The protocol version the sender speaks (<see cref="ProtocolVersion.Current"/>).</summary>
    [DataMember(Name = "v", Order = 0)] public int Version { get; set; } = ProtocolVersion.Current;

    /// <summary>Numbers the requests of one conversation; the response carries it back.</summary>
    [DataMember(Name = "id", Order = 1)] public long Id { get; set; }

    [DataMember(Name = "op", Order = 2)] public string Op { get; set; } = "";

    /// <summary><see cref="Op.Connect"/>: the management server and who connects.</summary>
    [DataMember(Name = "connect", Order = 3, EmitDefaultValue = false)] public ConnectArguments? Connect { get; set; }

    /// <summary>The pack an operation is about (uninstall, exportXml).</summary>
    [DataMember(Name = "packId", Order = 4, EmitDefaultValue = false)] public string? PackId { get; set; }

    /// <summary><see cref="Op.Import"/>: the file to import.</summary>
    [DataMember(Name = "pack", Order = 5, EmitDefaultValue = false)] public PackFile? Pack { get; set; }

    [DataMember(Name = "workflowIds", Order = 6, EmitDefaultValue = false)] public List<string>? WorkflowIds { get; set; }

    /// <summary>Alert IDs (GUIDs in their "D" form).</summary>
    [DataMember(Name = "alertIds", Order = 7, EmitDefaultValue = false)] public List<string>? AlertIds { get; set; }

    [DataMember(Name = "comment", Order = 8, EmitDefaultValue = false)] public string? Comment { get; set; }

    /// <summary>A number argument: AlertDaysToKeep to set, or a count.</summary>
    [DataMember(Name = "number", Order = 9, EmitDefaultValue = false)] public int? Number { get; set; }

    /// <summary>A name argument: a subscription's.</summary>
    [DataMember(Name = "name", Order = 10, EmitDefaultValue = false)] public string? Name { get; set; }

    [DataMember(Name = "subscription", Order = 11, EmitDefaultValue = false)] public SubscriptionInfo? Subscription { get; set; }
}

/// <summary>
/// Where and as whom the host connects. Without <see cref="UserName"/> it uses Windows integrated
/// authentication (the account kmp runs as). The password travels only on the host's standard input,
/// never on a command line, and the host never writes it anywhere.
/// </summary>
[DataContract]
public sealed class ConnectArguments
{
    [DataMember(Name = "server", Order = 0)] public string Server { get; set; } = "";

    [DataMember(Name = "userName", Order = 1, EmitDefaultValue = false)] public string? UserName { get; set; }

    [DataMember(Name = "domain", Order = 2, EmitDefaultValue = false)] public string? Domain { get; set; }

    [DataMember(Name = "password", Order = 3, EmitDefaultValue = false)] public string? Password { get; set; }
}

/// <summary>A management pack file to import: its name (for messages) and its bytes in base64.</summary>
[DataContract]
public sealed class PackFile
{
    /// <summary>The file name, <c>ID.mp</c> for a sealed pack or <c>ID.xml</c> for an unsealed one.</summary>
    [DataMember(Name = "fileName", Order = 0)] public string FileName { get; set; } = "";

    [DataMember(Name = "sealed", Order = 1)] public bool Sealed { get; set; }

    /// <summary>The public key token kmp read from a sealed pack (the group reads it again from the file).</summary>
    [DataMember(Name = "keyToken", Order = 2, EmitDefaultValue = false)] public string? KeyToken { get; set; }

    [DataMember(Name = "content", Order = 3)] public string ContentBase64 { get; set; } = "";
}

/// <summary>
/// The host's answer to one request: the same <see cref="Id"/>, then either <see cref="Error"/> or the
/// result members the operation fills.
/// </summary>
[DataContract]
public sealed class Response
{
    [DataMember(Name = "v", Order = 0)] public int Version { get; set; } = ProtocolVersion.Current;

    [DataMember(Name = "id", Order = 1)] public long Id { get; set; }

    [DataMember(Name = "error", Order = 2, EmitDefaultValue = false)] public ErrorInfo? Error { get; set; }

    /// <summary><see cref="Op.Hello"/>: what the host is and which SDK it loaded.</summary>
    [DataMember(Name = "host", Order = 3, EmitDefaultValue = false)] public string? Host { get; set; }

    [DataMember(Name = "packs", Order = 4, EmitDefaultValue = false)] public List<PackInfo>? Packs { get; set; }

    [DataMember(Name = "xml", Order = 5, EmitDefaultValue = false)] public string? Xml { get; set; }

    [DataMember(Name = "alerts", Order = 6, EmitDefaultValue = false)] public List<AlertInfo>? Alerts { get; set; }

    [DataMember(Name = "alertIds", Order = 7, EmitDefaultValue = false)] public List<string>? AlertIds { get; set; }

    [DataMember(Name = "number", Order = 8, EmitDefaultValue = false)] public int? Number { get; set; }

    [DataMember(Name = "subscription", Order = 9, EmitDefaultValue = false)] public SubscriptionInfo? Subscription { get; set; }

    public static Response Failure(long id, ErrorInfo error) => new() { Id = id, Error = error };
}

/// <summary>
/// A typed error: <see cref="Kind"/> (<see cref="ErrorKinds"/>) says what went wrong, <see cref="Reason"/>
/// why a group refused (a name of kmp's RefusalReason), <see cref="Names"/> the packs or elements
/// involved, <see cref="Details"/> the management group's own messages (verification errors).
/// </summary>
[DataContract]
public sealed class ErrorInfo
{
    [DataMember(Name = "kind", Order = 0)] public string Kind { get; set; } = ErrorKinds.Internal;

    [DataMember(Name = "message", Order = 1)] public string Message { get; set; } = "";

    [DataMember(Name = "reason", Order = 2, EmitDefaultValue = false)] public string? Reason { get; set; }

    [DataMember(Name = "names", Order = 3, EmitDefaultValue = false)] public List<string>? Names { get; set; }

    [DataMember(Name = "details", Order = 4, EmitDefaultValue = false)] public List<string>? Details { get; set; }

    public ErrorInfo() { }

    public ErrorInfo(string kind, string message)
    {
        Kind = kind;
        Message = message;
    }
}

/// <summary>An installed pack as the group lists it.</summary>
[DataContract]
public sealed class PackInfo
{
    [DataMember(Name = "id", Order = 0)] public string Id { get; set; } = "";

    [DataMember(Name = "version", Order = 1)] public string Version { get; set; } = "";

    [DataMember(Name = "name", Order = 2)] public string Name { get; set; } = "";

    [DataMember(Name = "sealed", Order = 3)] public bool Sealed { get; set; }

    [DataMember(Name = "keyToken", Order = 4, EmitDefaultValue = false)] public string? KeyToken { get; set; }

    [DataMember(Name = "references", Order = 5)] public List<ReferenceInfo> References { get; set; } = [];

    [DataMember(Name = "classIds", Order = 6)] public List<string> ClassIds { get; set; } = [];

    [DataMember(Name = "workflowIds", Order = 7)] public List<string> WorkflowIds { get; set; } = [];
}

/// <summary>A manifest reference of an installed pack.</summary>
[DataContract]
public sealed class ReferenceInfo
{
    [DataMember(Name = "alias", Order = 0)] public string Alias { get; set; } = "";

    [DataMember(Name = "id", Order = 1)] public string Id { get; set; } = "";

    [DataMember(Name = "version", Order = 2)] public string Version { get; set; } = "";

    [DataMember(Name = "keyToken", Order = 3, EmitDefaultValue = false)] public string? KeyToken { get; set; }
}

/// <summary>An alert; times are ISO 8601 in UTC ("o" format).</summary>
[DataContract]
public sealed class AlertInfo
{
    [DataMember(Name = "id", Order = 0)] public string Id { get; set; } = "";

    [DataMember(Name = "workflowId", Order = 1)] public string WorkflowId { get; set; } = "";

    [DataMember(Name = "name", Order = 2)] public string Name { get; set; } = "";

    [DataMember(Name = "resolutionState", Order = 3)] public int ResolutionState { get; set; }

    [DataMember(Name = "timeRaised", Order = 4)] public string TimeRaised { get; set; } = "";

    [DataMember(Name = "timeResolved", Order = 5, EmitDefaultValue = false)] public string? TimeResolved { get; set; }

    [DataMember(Name = "lastModified", Order = 6)] public string LastModified { get; set; } = "";
}

/// <summary>An alert notification subscription with its recipients' addresses.</summary>
[DataContract]
public sealed class SubscriptionInfo
{
    [DataMember(Name = "name", Order = 0)] public string Name { get; set; } = "";

    [DataMember(Name = "description", Order = 1)] public string Description { get; set; } = "";

    [DataMember(Name = "classIds", Order = 2)] public List<string> ClassIds { get; set; } = [];

    [DataMember(Name = "severities", Order = 3)] public List<string> Severities { get; set; } = [];

    [DataMember(Name = "channel", Order = 4)] public string Channel { get; set; } = "";

    [DataMember(Name = "recipients", Order = 5)] public List<string> Recipients { get; set; } = [];
}
