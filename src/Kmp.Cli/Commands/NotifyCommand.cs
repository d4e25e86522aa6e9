using CommandLine;
using Kmp.Application.Operations;
using Kmp.ManagementPacks;
using Kmp.Operations;

namespace Kmp.Cli.Commands;

[Verb("notify", HelpText = "Manage the e-mail recipients of KAV Administrators: notify add|remove EMAIL, notify list.")]
public sealed class NotifyCommand : ICommand
{
    [Value(0, MetaName = "ACTION", Required = true, HelpText = "add, remove or list.")]
    public string Action { get; init; } = "";

    [Value(1, MetaName = "EMAIL", HelpText = "The recipient's e-mail address (add, remove).")]
    public string? Email { get; init; }

    [Option("mg", Required = true, HelpText = "Management group: local:PATH (an existing group, made by kmp mg init PATH) or scom://SERVER.")]
    public string? ManagementGroup { get; init; }

    public int Run(CommandConsole console)
    {
        var action = Action.ToLowerInvariant();
        if (action is not ("add" or "remove" or "list")) throw new KmpException(ErrorKind.Usage, $"kmp notify: unknown action '{Action}': use add, remove or list");
        if (action != "list" && string.IsNullOrWhiteSpace(Email)) throw new KmpException(ErrorKind.Usage, $"kmp notify {action}: give the e-mail address");
        if (Email is not null) KavAdministrators.ValidateAddress(Email); // before touching the group
        using var group = ManagementGroups.Open(ManagementGroup);
        switch (action)
        {
            case "add":
                if (!NotificationRecipients.Add(group, Email!)) { console.Line($"{Email} already receives {KavAdministrators.Name} alerts"); return ExitCodes.NothingToDo; }
                console.Line($"{Email} added to {KavAdministrators.Name}");
                return ExitCodes.Success;
            case "remove":
                if (!NotificationRecipients.Remove(group, Email!)) { console.Line($"{Email} is not a recipient of {KavAdministrators.Name}"); return ExitCodes.NothingToDo; }
                console.Line($"{Email} removed from {KavAdministrators.Name}");
                return ExitCodes.Success;
            default:
                foreach (var recipient in NotificationRecipients.List(group)) console.Line(recipient);
                return ExitCodes.Success;
        }
    }
}
