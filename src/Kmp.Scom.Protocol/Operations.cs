using System;
using System.Collections.Generic;

namespace Kmp.Scom.Protocol;

/// <summary>The protocol version. A host answers a request of another version with <see cref="ErrorKinds.ProtocolVersion"/>.</summary>
public static class ProtocolVersion
{
    public const int Current = 1;
}

/// <summary>The operations a host performs, one per request.</summary>
public static class Op
{
    /// <summary>First request of a conversation: checks the versions; the response names the host.</summary>
    public const string Hello = "hello";
    /// <summary>Connects to the management group (<see cref="Request.Connect"/>).</summary>
    public const string Connect = "connect";
    public const string GetPacks = "getPacks";
    public const string Import = "import";
    public const string Uninstall = "uninstall";
    public const string ExportXml = "exportXml";
    public const string GetAlerts = "getAlerts";
    public const string ResolveAlerts = "resolveAlerts";
    public const string GetAlertDaysToKeep = "getAlertDaysToKeep";
    public const string SetAlertDaysToKeep = "setAlertDaysToKeep";
    public const string GetSubscription = "getSubscription";
    public const string SaveSubscription = "saveSubscription";
    public const string DeleteSubscription = "deleteSubscription";
    /// <summary>Last request: the host answers and exits.</summary>
    public const string Bye = "bye";

    private static readonly HashSet<string> SafeToRetry = new(StringComparer.Ordinal)
    {
        Hello, Connect, GetPacks, ExportXml, GetAlerts, GetAlertDaysToKeep, SetAlertDaysToKeep, GetSubscription, SaveSubscription, Bye,
    };

    /// <summary>
    /// True when sending the request again after a lost connection cannot do harm: reads, and writes
    /// that set a state rather than change it (the same days to keep, the same subscription). An import,
    /// an uninstall, closing alerts or deleting a subscription may have been done before the connection
    /// dropped, so they are not repeated.
    /// </summary>
    public static bool IsSafeToRetry(string op) => SafeToRetry.Contains(op);
}

/// <summary>The kinds of <see cref="ErrorInfo"/>.</summary>
public static class ErrorKinds
{
    /// <summary>The management server cannot be reached, or its Data Access service is not running.</summary>
    public const string Unreachable = "unreachable";
    /// <summary>The connection was established and then lost; the host could not re-establish it.</summary>
    public const string ConnectionLost = "connectionLost";
    /// <summary>The account lacks a role the operation needs; the message names it.</summary>
    public const string AccessDenied = "accessDenied";
    /// <summary>The group refused the operation and changed nothing (<see cref="ErrorInfo.Reason"/> says why).</summary>
    public const string Refused = "refused";
    /// <summary>The pack is invalid; <see cref="ErrorInfo.Details"/> holds the group's verification messages.</summary>
    public const string PackInvalid = "packInvalid";
    /// <summary>The SDK found is not the one the host needs (SCOM 2007 R2's 6.x SDK), or no SDK at all.</summary>
    public const string UnsupportedSdk = "unsupportedSdk";
    /// <summary>The request is not understood: a malformed line, an unknown operation, missing arguments.</summary>
    public const string BadRequest = "badRequest";
    /// <summary>The request speaks another protocol version.</summary>
    public const string ProtocolVersion = "protocolVersion";
    /// <summary>An operation before <see cref="Op.Connect"/>.</summary>
    public const string NotConnected = "notConnected";
    /// <summary>Anything else; the message says what.</summary>
    public const string Internal = "internal";
}
