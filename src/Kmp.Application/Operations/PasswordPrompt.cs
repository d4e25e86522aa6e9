namespace Kmp.Application.Operations;

/// <summary>Asks for a password on the console without echoing it; null when there is no console to ask on.</summary>
public static class PasswordPrompt
{
    public static string? Ask(string prompt)
    {
        if (Console.IsInputRedirected || Console.IsErrorRedirected) return null;
        Console.Error.Write(prompt);
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0) password.Length--;
                continue;
            }
            if (!char.IsControl(key.KeyChar)) password.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return password.ToString();
    }
}
